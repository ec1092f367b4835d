/**
 * Serving a stored file: always as an attachment (never rendered by the browser), with the content type
 * decided when it was stored (only PDF and DOCX; anything else goes out as application/octet-stream, never
 * text/html), nosniff, a sandboxing CSP for good measure, and the name in RFC 6266/5987 form so Vietnamese
 * names survive: filename="ascii fallback" plus filename*=UTF-8''percent-encoded.
 */
import { CONTENT_TYPES } from './inspect';
import type { FileStore } from './store';

const SAFE_TYPES = new Set(Object.values(CONTENT_TYPES));

/** ASCII fallback of a Vietnamese file name: "Tham luận xã Phước Hà.pdf" → "Tham luan xa Phuoc Ha.pdf". */
export function asciiFileName(name: string): string {
	const s = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^A-Za-z0-9._ -]/g, '_')
		.replace(/\s+/g, ' ')
		.trim();
	return s || 'tai-lieu';
}

/** RFC 5987 ext-value encoding (encodeURIComponent leaves ' ( ) * unescaped; they are not attr-chars). */
export function rfc5987(value: string): string {
	return encodeURIComponent(value.normalize('NFC')).replace(
		/['()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
	);
}

export function contentDisposition(name: string): string {
	return `attachment; filename="${asciiFileName(name)}"; filename*=UTF-8''${rfc5987(name)}`;
}

export function downloadHeaders(f: { contentType: string; fileName: string; size: number; sha256?: string }): Headers {
	const h = new Headers();
	h.set('Content-Type', SAFE_TYPES.has(f.contentType) ? f.contentType : 'application/octet-stream');
	h.set('Content-Disposition', contentDisposition(f.fileName));
	h.set('Content-Length', String(f.size));
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Content-Security-Policy', "default-src 'none'; sandbox");
	h.set('Cache-Control', 'private, no-store');
	if (f.sha256) h.set('ETag', `"${f.sha256}"`);
	return h;
}

/** A streaming download response for a stored file. */
export async function fileResponse(
	store: FileStore,
	f: { sha256: string; contentType: string; fileName: string }
): Promise<Response> {
	const { stream, size } = await store.stream(f.sha256);
	return new Response(stream, { status: 200, headers: downloadHeaders({ ...f, size }) });
}
