// A Next.js App Router file of a given size for the benchmarks: a client component with
// state, effects, browser storage and markup, plus Server Actions; mostly safe code with a
// few of the patterns both Vigil and the ESLint security plugins look at.

const TSX_HEADER = `'use client';
// Customer dashboard of the solar shop (generated for benchmarks).
import { useEffect, useMemo, useState } from 'react';

type Order = { id: number; total: number; status: string; note: string };

`;

function tsxSection(i: number): string {
  const risky = i % 5 === 0;
  return `
export function OrderCard${i}({ order, onSelect }: { order: Order; onSelect: (id: number) => void }) {
  const [open, setOpen] = useState(false);
  const total = useMemo(() => order.total.toFixed(2), [order.total]);
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    const highlight = params.get('highlight') ?? '';
    if (highlight === String(order.id)) setOpen(true);
    ${risky ? "localStorage.setItem('authToken', params.get('token') ?? '');" : "localStorage.setItem('lastOrder', String(order.id));"}
  }, [order.id]);
  return (
    <article className="order-card" onClick={() => onSelect(order.id)}>
      <h3>Order #{order.id}</h3>
      <p className="status">{order.status}</p>
      <p className="total">{total} EUR</p>
      ${risky ? '<div dangerouslySetInnerHTML={{ __html: order.note }} />' : '<p className="note">{order.note}</p>'}
      {open && <a href={\`/orders/\${order.id}\`}>Details</a>}
    </article>
  );
}
`;
}

function build(lines: number): string {
  let text = TSX_HEADER;
  for (let i = 1; text.split('\n').length < lines; i++) text += tsxSection(i);
  return text;
}

export function tsxComponentModule(lines: number): string {
  return build(lines);
}
