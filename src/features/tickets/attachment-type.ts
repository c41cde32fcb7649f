/**
 * Types a browser may show inline: the images and voice formats WeChat delivers
 * (https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html).
 * SVG is left out on purpose: it can carry script.
 */
const INLINE = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/bmp',
  'audio/amr',
  'audio/mpeg',
  'audio/mp3',
  'audio/speex',
  'audio/x-speex',
  'audio/ogg',
  'audio/wav',
  'audio/x-wav',
  'audio/aac',
  'audio/mp4',
]);

export interface ServedType {
  contentType: string;
  /** Content-Disposition to send, when the file must be downloaded rather than shown. */
  disposition?: string;
}

/**
 * How a stored attachment is served. Its Content-Type came from upstream, so anything
 * outside the allow-list (text/html, image/svg+xml…) is sent as a download of opaque
 * bytes, never rendered in the console's origin.
 */
export function servedType(stored: string, attachmentId: number): ServedType {
  const essence = stored.split(';')[0]!.trim().toLowerCase();
  if (INLINE.has(essence)) return { contentType: essence };
  return { contentType: 'application/octet-stream', disposition: `attachment; filename="attachment-${attachmentId}.bin"` };
}
