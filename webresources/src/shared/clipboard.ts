/**
 * Copies text for the copy buttons. The async Clipboard API needs the clipboard-write permission, which an
 * iframe inside Dynamics may not have, so a selected hidden textarea with execCommand('copy') is the fallback.
 * https://developer.mozilla.org/docs/Web/API/Clipboard/writeText
 */
export async function copyText(doc: Document, text: string): Promise<boolean> {
  const clipboard = doc.defaultView?.navigator.clipboard;
  if (clipboard) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the selection fallback
    }
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.append(area);
  area.select();
  try {
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
