/**
 * Receipt scans (ảnh/bản quét chứng từ) of thực chi entries: JPEG, PNG or PDF, decided by content (magic
 * bytes and a minimal structure check), at most 10 MB, kept in the shared file store under config().filesDir
 * (src/lib/server/files: content-addressed by SHA-256, atomic writes). The expense's transaction registers the
 * file (registerStored), so the store's orphan cleanup keeps it; a file whose entry was refused (e.g. over the
 * estimate without a reason) stays unregistered and is cleaned up later.
 */
import type { Executor } from '$lib/server/db';
import { DomainError } from '$lib/server/errors';
import { fileStore, registerStoredFile } from '$lib/server/files/store';

export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

export type ReceiptType = 'image/jpeg' | 'image/png' | 'application/pdf';

export interface StoredReceipt {
	key: string;
	name: string;
	type: ReceiptType;
	size: number;
	sha256: string;
}

const EXT: Record<ReceiptType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
	if (b.length < at + sig.length) return false;
	return sig.every((v, i) => b[at + i] === v);
}

function lastIndexOfAscii(b: Uint8Array, s: string, window: number): number {
	const needle = [...s].map((c) => c.charCodeAt(0));
	for (let i = b.length - needle.length; i >= Math.max(0, b.length - window); i--) {
		if (needle.every((v, j) => b[i + j] === v)) return i;
	}
	return -1;
}

/** The type of a receipt by its content, or a DomainError saying what is wrong. */
export function sniffReceipt(bytes: Uint8Array): ReceiptType {
	if (bytes.length === 0) throw new DomainError('receipt_empty', 'Tệp chứng từ rỗng', { fields: { receipt: 'Tệp rỗng' } });
	if (bytes.length > MAX_RECEIPT_BYTES)
		throw new DomainError('receipt_too_large', 'Tệp chứng từ lớn hơn 10 MB: hãy quét ở độ phân giải thấp hơn', { status: 413, fields: { receipt: 'Tối đa 10 MB' } });
	// JPEG: SOI marker then another marker; ends with EOI (some scanners pad after it, so look near the end).
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
		if (lastIndexOfAscii(bytes, '\xff\xd9', 4096) >= 0) return 'image/jpeg';
		throw badReceipt('Ảnh JPEG bị cắt cụt (thiếu phần cuối tệp)');
	}
	// PNG: 8-byte signature followed by the IHDR chunk.
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
		if (startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12)) return 'image/png';
		throw badReceipt('Tệp PNG không hợp lệ');
	}
	// PDF: "%PDF-" in the first KB (a few producers put junk before it) and an end-of-file marker.
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
	if (head.includes('%PDF-')) {
		if (lastIndexOfAscii(bytes, '%%EOF', 2048) >= 0) return 'application/pdf';
		throw badReceipt('Tệp PDF bị cắt cụt (thiếu %%EOF)');
	}
	throw badReceipt('Chỉ nhận ảnh chụp/quét chứng từ dạng JPEG, PNG hoặc tệp PDF');
}

function badReceipt(message: string): DomainError {
	return new DomainError('receipt_type', message, { status: 415, fields: { receipt: message } });
}

/** A file name safe to keep and show: no path, no control characters, NFC, at most 120 characters. */
export function cleanFileName(name: string, type: ReceiptType): string {
	const base = (name.split(/[/\\]/).pop() ?? '')
		.normalize('NFC')
		.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/\.[A-Za-z0-9]{1,5}$/, '');
	return `${(base || 'chung-tu').slice(0, 110)}.${EXT[type]}`;
}

/** Checks and stores a receipt; returns what to record on the expense (register it in the same transaction). */
export async function storeReceipt(bytes: Uint8Array, fileName: string): Promise<StoredReceipt> {
	const type = sniffReceipt(bytes);
	const { sha256, size } = await fileStore().put(bytes);
	return { key: sha256, name: cleanFileName(fileName, type), type, size, sha256 };
}

/** Records the stored file in the caller's transaction (so the orphan cleanup keeps it). */
export async function registerStored(tx: Executor, r: StoredReceipt): Promise<void> {
	await registerStoredFile(tx, { sha256: r.sha256, size: r.size, contentType: r.type });
}

export async function readReceipt(key: string): Promise<Buffer> {
	return fileStore().read(key);
}

/** Reads an uploaded File from a form (null when none was chosen). */
export async function receiptFromForm(value: FormDataEntryValue | null): Promise<{ bytes: Uint8Array; name: string } | null> {
	if (!value || typeof value === 'string' || value.size === 0) return null;
	if (value.size > MAX_RECEIPT_BYTES)
		throw new DomainError('receipt_too_large', 'Tệp chứng từ lớn hơn 10 MB: hãy quét ở độ phân giải thấp hơn', { status: 413, fields: { receipt: 'Tối đa 10 MB' } });
	return { bytes: new Uint8Array(await value.arrayBuffer()), name: value.name };
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function attachmentDisposition(name: string): string {
	const ascii =
		name
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/đ/g, 'd')
			.replace(/Đ/g, 'D')
			.replace(/[^A-Za-z0-9._ -]/g, '_')
			.trim() || 'tep';
	const enc = encodeURIComponent(name.normalize('NFC')).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
	return `attachment; filename="${ascii}"; filename*=UTF-8''${enc}`;
}

/** A download response: always an attachment, nosniff, sandboxed. */
export function downloadResponse(bytes: Uint8Array, name: string, type: string): Response {
	return new Response(bytes as unknown as BodyInit, {
		status: 200,
		headers: {
			'Content-Type': type,
			'Content-Disposition': attachmentDisposition(name),
			'Content-Length': String(bytes.length),
			'X-Content-Type-Options': 'nosniff',
			'Content-Security-Policy': "default-src 'none'; sandbox",
			'Cache-Control': 'private, no-store'
		}
	});
}
