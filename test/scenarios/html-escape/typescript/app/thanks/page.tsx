// The thank-you page after a review: the reviewer's name comes from the address bar.
type Props = { searchParams: Promise<{ name?: string }> };

export default async function ThanksPage({ searchParams }: Props) {
  const { name } = await searchParams;
  const greeting = `Thank you for your review, <b>${name ?? 'friend'}</b>!`;
  return <h1 dangerouslySetInnerHTML={{ __html: greeting }} />;
}
