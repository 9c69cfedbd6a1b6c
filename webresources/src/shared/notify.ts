/**
 * Form notifications under stable ids, so a refresh replaces a message instead of stacking a second one.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/formcontext-ui/setformnotification
 */
import type { NotificationLevel, XrmFormContext } from './xrm.js';

export function notify(form: XrmFormContext, id: string, level: NotificationLevel, message: string | undefined): void {
  if (message) form.ui.setFormNotification(message, level, id);
  else form.ui.clearFormNotification(id);
}

/** Dates in the user's language, e.g. "Mar 5, 2026, 9:41 AM" or "2026年3月5日 09:41". */
export function formatDate(value: unknown, language: 'en' | 'zh'): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return date.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });
}
