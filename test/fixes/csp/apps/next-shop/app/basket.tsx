'use client';
import { useState } from 'react';

export default function Basket() {
  const [items, setItems] = useState(0);
  return (
    <button id="add" onClick={() => setItems(items + 1)}>
      {items} in basket
    </button>
  );
}
