/**
 * What an uploaded document really is, decided by its content (magic bytes and structure), never by its
 * name or the type the browser declared. Accepts PDF (with a %PDF- header, an end marker, loadable by
 * pdf-lib, not encrypted, at least one page) and DOCX (a ZIP whose central directory passes the zip-bomb
 * guard and holds [Content_Types].xml and word/document.xml); refuses everything else with a Vietnamese
 * message that says what the file is and what to do.
 */
import { PDFDocument, EncryptedPDFError } from 'pdf-lib';
import { DomainError } from '$lib/server/errors';
import { checkZipSafety, readZipDirectory, type ZipLimits } from '$lib/server/sheets/zip';

export type DocumentKind = 'pdf' | 'docx';

/** The hard ceiling of the application (a call may ask for less). */
export const MAX_UPLOAD_MB = 20;
export const MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024;

export const CONTENT_TYPES: Record<DocumentKind, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

export const KIND_LABELS: Record<DocumentKind, string> = { pdf: 'PDF', docx: 'Word (.docx)' };

export interface InspectedDocument {
	kind: DocumentKind;
	contentType: string;
	/** Pages of a PDF; null for DOCX (known only after conversion). */
	pageCount: number | null;
}

export interface InspectOptions {
	accept: DocumentKind[];
	maxBytes: number;
	/** The (already checked) file name, quoted in messages. */
	fileName?: string;
}

// A .docx is XML and media; Word files of 20 MB inflate to well under 100 MB. Deflate can reach ~1000×
// only on crafted data, which is what the ratio limit catches.
const DOCX_ZIP_LIMITS: ZipLimits = {
	maxTotalUncompressed: 100 * 1024 * 1024,
	maxRatio: 200,
	ratioFloor: 1024 * 1024,
	maxEntries: 5000
};

const ascii = (s: string) => new TextEncoder().encode(s);

function startsWith(bytes: Uint8Array, sig: number[] | Uint8Array, at = 0): boolean {
	if (bytes.length < at + sig.length) return false;
	for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
	return true;
}

function indexOf(bytes: Uint8Array, needle: Uint8Array, from = 0, to = bytes.length): number {
	const end = Math.min(to, bytes.length) - needle.length;
	outer: for (let i = Math.max(0, from); i <= end; i++) {
		for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
		return i;
	}
	return -1;
}

export function formatMegabytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return (mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)).replace('.', ',');
}

const quoted = (name?: string) => (name ? ` “${name}”` : '');

export function tooLarge(size: number, maxBytes: number): DomainError {
	// The size rounded up (20 MB and 10 bytes is "20,1 MB", not "20 MB": it must read as over the limit).
	const over = (Math.ceil((size / (1024 * 1024)) * 10) / 10).toFixed(1).replace('.', ',');
	return new DomainError(
		'file_too_large',
		`Tệp nặng ${over} MB, vượt giới hạn ${formatMegabytes(maxBytes)} MB. Hãy giảm dung lượng (ví dụ: xuất PDF với ảnh chất lượng thấp hơn, hoặc bỏ bớt ảnh) rồi tải lên lại.`,
		{ status: 413, details: { size, maxBytes } }
	);
}

function notDocument(what: string, name?: string): DomainError {
	return new DomainError(
		'file_not_document',
		`Tệp${quoted(name)} ${what}, không phải tài liệu PDF hay Word (.docx). Hệ thống kiểm tra nội dung tệp, không dựa vào tên hay đuôi tệp. Hãy lưu tham luận thành PDF hoặc DOCX rồi tải lên lại.`,
		{ status: 415 }
	);
}

/** Sniffs what a non-document file is, for a message a person understands. */
function describeOther(bytes: Uint8Array): string {
	if (startsWith(bytes, [0x4d, 0x5a])) return 'là một chương trình chạy được (tệp .exe của Windows)';
	if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'là một chương trình chạy được (tệp ELF)';
	if (
		startsWith(bytes, [0xfe, 0xed, 0xfa, 0xce]) ||
		startsWith(bytes, [0xfe, 0xed, 0xfa, 0xcf]) ||
		startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
		startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])
	)
		return 'là một chương trình chạy được (macOS)';
	if (startsWith(bytes, ascii('#!'))) return 'là một tập lệnh (script)';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'là một ảnh PNG';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'là một ảnh JPEG';
	if (startsWith(bytes, ascii('Rar!'))) return 'là một tệp nén RAR';
	if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) return 'là một tệp nén 7z';
	if (startsWith(bytes, ascii('{\\rtf'))) return 'là một tệp RTF';
	const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
	if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.includes('<script'))
		return 'là một trang web (HTML)';
	if (head.startsWith('<?xml') || head.startsWith('<')) return 'là một tệp văn bản XML';
	return 'có nội dung không nhận ra được';
}

/** Throws the Vietnamese refusal for the file, or returns what it is. */
export async function inspectDocument(bytes: Uint8Array, opts: InspectOptions): Promise<InspectedDocument> {
	const name = opts.fileName;
	if (bytes.length === 0)
		throw new DomainError('file_empty', `Tệp${quoted(name)} rỗng (0 byte). Hãy chọn lại tệp tham luận.`);
	if (bytes.length > Math.min(opts.maxBytes, MAX_UPLOAD_BYTES))
		throw tooLarge(bytes.length, Math.min(opts.maxBytes, MAX_UPLOAD_BYTES));

	let kind: DocumentKind;
	const pdfAt = indexOf(bytes, ascii('%PDF-'), 0, 1024);
	if (pdfAt >= 0) kind = 'pdf';
	else if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) kind = 'docx';
	else if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
		throw new DomainError(
			'doc_legacy',
			`Tệp${quoted(name)} là tệp Word đời cũ (.doc) hoặc Excel cũ (.xls), hệ thống không nhận. Hãy mở bằng Word và chọn “Lưu thành” PDF hoặc Word (.docx) rồi tải lên lại.`,
			{ status: 415 }
		);
	else throw notDocument(describeOther(bytes), name);

	if (!opts.accept.includes(kind)) {
		const allowed = opts.accept.map((k) => KIND_LABELS[k]).join(' hoặc ');
		throw new DomainError(
			'file_type_not_accepted',
			`Tệp${quoted(name)} là tệp ${KIND_LABELS[kind]}, nhưng đợt nhận tham luận này chỉ nhận ${allowed}.`,
			{ status: 415 }
		);
	}
	if (kind === 'pdf') return { kind, contentType: CONTENT_TYPES.pdf, pageCount: await checkPdf(bytes, name) };
	checkDocx(bytes, name);
	return { kind, contentType: CONTENT_TYPES.docx, pageCount: null };
}

function pdfBroken(name?: string, detail?: string): DomainError {
	return new DomainError(
		'pdf_broken',
		`Tệp PDF${quoted(name)} bị hỏng hoặc không trọn vẹn (có thể tải chưa hết), không đọc được. Hãy xuất lại PDF từ Word (Tệp → Lưu thành → PDF) rồi tải lên lại.`,
		{ status: 422, details: detail ? { detail } : undefined }
	);
}

async function checkPdf(bytes: Uint8Array, name?: string): Promise<number> {
	// Every complete PDF ends with %%EOF (a few bytes of trailing junk are common): a file cut short by an
	// interrupted download lacks it even when pdf-lib could still recover some pages.
	if (indexOf(bytes, ascii('%%EOF'), bytes.length - 2048) < 0) throw pdfBroken(name, 'no %%EOF');
	let doc: PDFDocument;
	try {
		doc = await PDFDocument.load(bytes, { updateMetadata: false });
	} catch (e) {
		if (e instanceof EncryptedPDFError || /encrypt/i.test((e as Error)?.message ?? ''))
			throw pdfEncrypted(name);
		throw pdfBroken(name, (e as Error)?.message);
	}
	if (doc.isEncrypted) throw pdfEncrypted(name);
	let pages: number;
	try {
		pages = doc.getPageCount();
		for (const p of doc.getPages()) p.getSize();
	} catch (e) {
		throw pdfBroken(name, (e as Error)?.message);
	}
	if (pages < 1) throw pdfBroken(name, 'no pages');
	return pages;
}

function pdfEncrypted(name?: string): DomainError {
	return new DomainError(
		'pdf_encrypted',
		`Tệp PDF${quoted(name)} có đặt mật khẩu hoặc khóa bảo vệ nên không ghép được vào tài liệu hội nghị. Hãy lưu lại bản PDF không đặt mật khẩu rồi tải lên.`,
		{ status: 422 }
	);
}

function checkDocx(bytes: Uint8Array, name?: string): void {
	const broken = (detail: string) =>
		new DomainError(
			'docx_broken',
			`Tệp${quoted(name)} không phải tệp Word (.docx) hợp lệ hoặc đã bị hỏng. Hãy mở lại bằng Word, lưu thành .docx hoặc PDF rồi tải lên lại.`,
			{ status: 422, details: { detail } }
		);
	let entries;
	try {
		entries = readZipDirectory(bytes);
	} catch (e) {
		throw broken((e as Error).message);
	}
	const names = new Set(entries.map((e) => e.name));
	let contentTypes = '';
	try {
		checkZipSafety(bytes, entries, DOCX_ZIP_LIMITS, (entry, content) => {
			if (entry.name === '[Content_Types].xml') contentTypes = content.toString('utf8');
		});
	} catch (e) {
		const code = (e as { code?: string }).code;
		if (code === 'zip_bomb')
			throw new DomainError(
				'docx_zip_bomb',
				`Tệp${quoted(name)} có cấu trúc bất thường (khi giải nén lớn hơn nhiều lần giới hạn cho phép), hệ thống từ chối để bảo vệ máy chủ. Hãy lưu lại tham luận từ Word rồi tải lên.`,
				{ status: 422 }
			);
		throw broken((e as Error).message);
	}
	if (!names.has('[Content_Types].xml') || !names.has('word/document.xml')) {
		if (names.has('xl/workbook.xml')) throw notDocument('là một bảng tính Excel (.xlsx)', name);
		if (names.has('ppt/presentation.xml')) throw notDocument('là một bài trình chiếu PowerPoint (.pptx)', name);
		if (names.has('mimetype') && names.has('content.xml')) throw notDocument('là tệp OpenDocument (.odt/.ods)', name);
		throw notDocument('là một tệp nén (.zip)', name);
	}
	if (/macroEnabled/i.test(contentTypes) || names.has('word/vbaProject.bin'))
		throw new DomainError(
			'docx_macro',
			`Tệp${quoted(name)} là tệp Word có macro (.docm), hệ thống không nhận vì lý do an toàn. Hãy lưu thành .docx thường hoặc PDF rồi tải lên lại.`,
			{ status: 415 }
		);
	if (!/wordprocessingml\.(document|template)\.main\+xml/.test(contentTypes))
		throw broken('no main document content type');
}

/**
 * Checks a file name from an upload: refuses path separators, control and bidi-override characters (which
 * can disguise "fdp.exe" as "exe.pdf"); trims, NFC-normalises, replaces characters Windows cannot save and
 * shortens very long names. The name is only a label: files are stored under their SHA-256.
 */
export function checkFileName(raw: string | null | undefined, fallback = 'tham-luan'): string {
	const name = String(raw ?? '').normalize('NFC').trim();
	// eslint-disable-next-line no-control-regex
	if (/[/\\]/.test(name) || /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(name) || name === '.' || name === '..')
		throw new DomainError(
			'file_name_invalid',
			'Tên tệp không hợp lệ (có dấu / hoặc \\, hoặc ký tự điều khiển). Hãy đổi tên tệp cho đơn giản (ví dụ: tham-luan-xa-phuoc-ha.pdf) rồi tải lên lại.',
			{ status: 400 }
		);
	let clean = name.replace(/[:*?"<>|]/g, '_').replace(/\s+/g, ' ');
	if (!clean || /^\.+$/.test(clean)) clean = fallback;
	if (clean.length > 150) {
		const dot = clean.lastIndexOf('.');
		const ext = dot > 0 && clean.length - dot <= 6 ? clean.slice(dot) : '';
		clean = clean.slice(0, 150 - ext.length).trimEnd() + ext;
	}
	return clean;
}

/** The name to download a file under: its own name with the extension its content deserves. */
export function downloadName(fileName: string, kind: DocumentKind): string {
	const ext = kind === 'pdf' ? '.pdf' : '.docx';
	const dot = fileName.lastIndexOf('.');
	const base = dot > 0 ? fileName.slice(0, dot) : fileName;
	return (base || 'tai-lieu') + ext;
}
