// Product page; the description is HTML from the CMS, the preview comes from the URL.
import { pool } from '@/lib/db';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ preview?: string }> };

export default async function ProductPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { preview } = await searchParams;
  const [rows] = await pool.execute('SELECT name, description_html FROM products WHERE slug = ?', [slug]);
  const product = (rows as { name: string; description_html: string }[])[0];
  return (
    <article>
      <h1>{product?.name}</h1>
      {/* A ?preview= link can carry a script (Vigil: xss, fix: Sanitize with DOMPurify). */}
      <div className="description" dangerouslySetInnerHTML={{ __html: preview ?? product?.description_html ?? '' }} />
    </article>
  );
}
