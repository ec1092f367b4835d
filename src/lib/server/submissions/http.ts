/** Reading uploads from forms and API requests, with the 20 MB limit enforced before the bytes are used. */
import { DomainError } from '$lib/server/errors';
import { MAX_UPLOAD_BYTES, tooLarge } from '$lib/server/files/inspect';
import type { UploadFile } from './service';

/**
 * The file of a multipart form field, or null when none was chosen (an empty file input sends a nameless,
 * empty part). A chosen but empty file is returned, so the content check can say it is empty.
 */
export async function fileFromForm(form: FormData, field = 'file', maxBytes = MAX_UPLOAD_BYTES): Promise<UploadFile | null> {
	const f = form.get(field);
	if (!(f instanceof File)) return null;
	if (!f.name && f.size === 0) return null;
	if (f.size > maxBytes) throw tooLarge(f.size, maxBytes);
	return { bytes: new Uint8Array(await f.arrayBuffer()), name: f.name };
}

/**
 * A raw request body (API uploads), refused as soon as it passes the limit: the declared Content-Length
 * first, then while reading (a chunked body has none).
 */
export async function readBodyLimited(request: Request, maxBytes = MAX_UPLOAD_BYTES): Promise<Uint8Array> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes);
	if (!request.body) throw new DomainError('file_required', 'Không có tệp trong nội dung yêu cầu', { status: 400 });
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > maxBytes) {
			await reader.cancel().catch(() => {});
			throw tooLarge(total, maxBytes);
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let off = 0;
	for (const c of chunks) {
		out.set(c, off);
		off += c.length;
	}
	return out;
}

/** The file name an API client sent: ?filename=, X-Filename (percent-encoded) or Content-Disposition. */
export function fileNameFromRequest(request: Request, url: URL): string {
	const q = url.searchParams.get('filename');
	if (q) return q;
	const x = request.headers.get('x-filename');
	if (x) {
		try {
			return decodeURIComponent(x);
		} catch {
			return x;
		}
	}
	const cd = request.headers.get('content-disposition') ?? '';
	const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
	if (star) {
		try {
			return decodeURIComponent(star[1]);
		} catch {
			/* fall through */
		}
	}
	const plain = /filename="([^"]*)"/i.exec(cd) ?? /filename=([^;]+)/i.exec(cd);
	return plain ? plain[1].trim() : '';
}
