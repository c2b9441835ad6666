import { requestQuote } from '@/app/actions';

export default function QuotePage() {
  return (
    <main className="quote">
      <h1>Get a quote for your roof</h1>
      <form action={requestQuote}>
        <label>
          Name <input name="name" required />
        </label>
        <label>
          Email <input name="email" type="email" required />
        </label>
        <label>
          Roof area (m²) <input name="roofArea" type="number" min="5" step="0.5" required />
        </label>
        <button type="submit">Request quote</button>
      </form>
    </main>
  );
}
