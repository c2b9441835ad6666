// Reads the invoices suppliers upload as XML (libxmljs2).
import * as libxmljs from 'libxmljs2';

export interface Invoice {
  supplier: string;
  totalCents: number;
  lines: string[];
}

export function parseInvoice(xml: string): Invoice {
  const doc = libxmljs.parseXml(xml, { noent: true });
  return {
    supplier: doc.get<libxmljs.Element>('//supplier')?.text() ?? '',
    totalCents: Math.round(Number(doc.get<libxmljs.Element>('//total')?.text()) * 100),
    lines: doc.find<libxmljs.Element>('//line').map((line) => line.text()),
  };
}
