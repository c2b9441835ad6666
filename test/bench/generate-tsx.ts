// A Next.js App Router client component file of a given size for the benchmarks: cards with
// state, effects and browser storage, tables that map over rows, forms that post with fetch,
// and data hooks; mostly safe code with a few of the patterns both Vigil and the ESLint
// security plugins look at (token in localStorage, dangerouslySetInnerHTML, href from the URL).

const TSX_HEADER = `'use client';
// Customer dashboard of the solar shop (generated for benchmarks).
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';

type Order = { id: number; total: number; status: string; note: string };
type Panel = { sku: string; model: string; watts: number; price: number };

`;

function card(i: number, risky: boolean): string {
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
      {open && <Link href={\`/orders/\${order.id}\`}>Details</Link>}
    </article>
  );
}
`;
}

function table(i: number, risky: boolean): string {
  return `
export function PanelTable${i}({ panels, minWatts }: { panels: Panel[]; minWatts: number }) {
  const searchParams = useSearchParams();
  const sort = searchParams.get('sort') === 'price' ? 'price' : 'watts';
  const rows = useMemo(
    () => panels.filter((p) => p.watts >= minWatts).sort((a, b) => (sort === 'price' ? a.price - b.price : b.watts - a.watts)),
    [panels, minWatts, sort],
  );
  if (rows.length === 0) return <p className="empty">No panels of {minWatts} W or more.</p>;
  return (
    <table className="panels">
      <thead>
        <tr><th>Model</th><th>Watts</th><th>Price</th></tr>
      </thead>
      <tbody>
        {rows.map((panel) => (
          <tr key={panel.sku}>
            <td>${risky ? "<a href={searchParams.get('back') ?? '/'}>{panel.model}</a>" : '<Link href={`/panels/${panel.sku}`}>{panel.model}</Link>'}</td>
            <td>{panel.watts}</td>
            <td>{panel.price.toFixed(2)} EUR</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
`;
}

function form(i: number): string {
  return `
export function QuoteForm${i}({ customerId }: { customerId: number }) {
  const router = useRouter();
  const [panels, setPanels] = useState(10);
  const [error, setError] = useState<string | null>(null);
  const submit = useCallback(async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const response = await fetch('/api/quotes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ customerId, panels }),
    });
    if (!response.ok) {
      setError(\`Quote failed (\${response.status})\`);
      return;
    }
    const { id } = (await response.json()) as { id: number };
    router.push(\`/quotes/\${id}\`);
  }, [customerId, panels, router]);
  return (
    <form onSubmit={submit} className="quote-form">
      <label>
        Panels
        <input type="number" min={1} max={200} value={panels} onChange={(e) => setPanels(Number(e.target.value))} />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">Get a quote</button>
    </form>
  );
}
`;
}

function hook(i: number): string {
  return `
export function useOrders${i}(status: string) {
  const [orders, setOrders] = useState<Order[]>([]);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    const controller = new AbortController();
    fetch(\`/api/orders?status=\${encodeURIComponent(status)}\`, { signal: controller.signal })
      .then((r) => r.json() as Promise<Order[]>)
      .then((rows) => setOrders(rows))
      .catch(() => setOrders([]))
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, [status]);
  return { orders, loading, total: orders.reduce((sum, o) => sum + o.total, 0) };
}
`;
}

function section(i: number): string {
  const risky = i % 5 === 0;
  switch (i % 4) {
    case 0:
      return table(i, risky);
    case 1:
      return card(i, risky);
    case 2:
      return form(i);
    default:
      return hook(i);
  }
}

export function tsxComponentModule(lines: number): string {
  let text = TSX_HEADER;
  for (let i = 1; text.split('\n').length < lines; i++) text += section(i);
  return text;
}
