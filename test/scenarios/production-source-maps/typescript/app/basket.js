'use client';
import { useState } from 'react';

// The shop's own client code: what a served source map would hand out.
const PRICE_RULE = 'basket-discount-rule-7';

export default function Basket() {
  const [items, setItems] = useState(0);
  return (
    <button id="add" data-rule={PRICE_RULE} onClick={() => setItems(items + 1)}>
      {items} in basket
    </button>
  );
}
