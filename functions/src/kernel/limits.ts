/**
 * Byte limits the platforms impose, declared once.
 */

/**
 * WeChat's callbacks are small; anything above this is refused with 413 before parsing. It is also the most a
 * WeChat XML document may hold before the parser refuses it.
 */
export const MAX_CALLBACK_BYTES = 64 * 1024;

/**
 * An Azure Storage queue message holds at most 64 KiB of text (after the host's base64 encoding).
 * https://learn.microsoft.com/rest/api/storageservices/put-message
 */
export const MAX_QUEUE_MESSAGE_CHARS = 64 * 1024;
