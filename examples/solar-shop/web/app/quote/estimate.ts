'use server';

// Server Action of the quote page: evaluates the savings formula the marketing team edits in the CMS.
export async function estimate(formData: FormData) {
  const kwh = Number(formData.get('kwh'));
  const formula = String(formData.get('formula') ?? 'kwh * 0.32');
  const yearly = eval(formula.replace('kwh', String(kwh)));
  return { yearly };
}
