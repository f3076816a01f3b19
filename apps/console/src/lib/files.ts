import { api } from '../api/client';

/** Files the API sends only with the Bearer token (posters, codes) are fetched, then saved or printed from memory. */
export async function fetchFile(path: string, query?: Record<string, string | undefined>): Promise<Blob> {
  return api<Blob>(path, { blob: true, query });
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens the browser's print dialog for a PDF: loaded into a hidden frame and printed from there, so one click gets the
 * dialog. Where the browser cannot print a PDF from a frame, the PDF opens in a new tab to print from its viewer.
 */
export function printPdf(blob: Blob): void {
  const url = URL.createObjectURL(blob);
  document.querySelectorAll('iframe.pdf-print').forEach((f) => f.remove());
  const frame = document.createElement('iframe');
  frame.className = 'pdf-print';
  frame.title = '打印';
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0';
  frame.onload = () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    } catch {
      window.open(url, '_blank', 'noopener');
    }
  };
  frame.src = url;
  document.body.appendChild(frame);
}
