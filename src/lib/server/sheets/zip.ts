/**
 * Just enough of the ZIP format to vet an .xlsx before exceljs sees it: exceljs (through JSZip)
 * inflates every entry into memory, so a small file claiming gigabytes must be refused first.
 * Spec: PKWARE APPNOTE.TXT §4.3 (central directory, end records, Zip64 extra field).
 */
import { inflateRawSync } from 'node:zlib';
import { SheetError } from './errors';

/** One file inside the archive, as the central directory describes it. */
export interface ZipEntry {
	name: string;
	method: number;
	compressedSize: number;
	uncompressedSize: number;
	localHeaderOffset: number;
}

/** Limits applied by `checkZipSafety`. */
export interface ZipLimits {
	/** Total uncompressed bytes allowed across all entries. */
	maxTotalUncompressed: number;
	/** Highest uncompressed/compressed ratio tolerated for an entry bigger than `ratioFloor`. */
	maxRatio: number;
	/** Entries smaller than this are never judged by ratio (tiny files compress absurdly well). */
	ratioFloor: number;
	maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
	maxTotalUncompressed: 100 * 1024 * 1024,
	// Plain sheet XML compresses 10–50×, very repetitive sheets ~200×; deflate's ceiling is ~1032×,
	// which only crafted data reaches.
	maxRatio: 500,
	ratioFloor: 1024 * 1024,
	maxEntries: 5000
};

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

const bomb = (detail: string) =>
	new SheetError(
		'zip_bomb',
		'Tệp .xlsx có cấu trúc bất thường (dung lượng giải nén quá lớn), không thể đọc an toàn',
		{ detail }
	);
const corrupt = (detail: string) =>
	new SheetError('unsupported_format', 'Tệp .xlsx bị hỏng hoặc không đọc được', { detail });

/** True when the bytes start with a ZIP local file header (PK\x03\x04). */
export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && readU32(viewOf(bytes), 0) === SIG_LOCAL;
}

/** Entries of a ZIP archive, from its central directory; throws SheetError if unreadable. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
	const view = viewOf(bytes);
	const eocd = findEocd(view);
	if (eocd < 0) throw corrupt('no end of central directory record');
	let count = view.getUint16(eocd + 10, true);
	let cdSize = readU32(view, eocd + 12);
	let cdOffset = readU32(view, eocd + 16);

	if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
		const locator = eocd - 20;
		if (locator < 0 || readU32(view, locator) !== SIG_ZIP64_LOCATOR) throw corrupt('zip64 locator');
		const z64 = readU64(view, locator + 8);
		if (z64 + 56 > view.byteLength || readU32(view, z64) !== SIG_ZIP64_EOCD) {
			throw corrupt('zip64 end record');
		}
		count = readU64(view, z64 + 32);
		cdSize = readU64(view, z64 + 40);
		cdOffset = readU64(view, z64 + 48);
	}
	if (cdOffset + cdSize > view.byteLength) throw corrupt('central directory out of range');

	const entries: ZipEntry[] = [];
	let p = cdOffset;
	for (let i = 0; i < count; i++) {
		if (p + 46 > view.byteLength || readU32(view, p) !== SIG_CENTRAL) {
			throw corrupt('central directory entry');
		}
		const method = view.getUint16(p + 10, true);
		let compressedSize = readU32(view, p + 20);
		let uncompressedSize = readU32(view, p + 24);
		const nameLen = view.getUint16(p + 28, true);
		const extraLen = view.getUint16(p + 30, true);
		const commentLen = view.getUint16(p + 32, true);
		let localHeaderOffset = readU32(view, p + 42);
		if (p + 46 + nameLen + extraLen > view.byteLength) throw corrupt('entry name out of range');
		const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));

		// Zip64: the 32-bit fields hold 0xFFFFFFFF and the real values sit in extra field 0x0001,
		// in this order, only for the fields that overflowed.
		let e = p + 46 + nameLen;
		const extraEnd = e + extraLen;
		while (e + 4 <= extraEnd) {
			const id = view.getUint16(e, true);
			const size = view.getUint16(e + 2, true);
			if (id === 0x0001) {
				let q = e + 4;
				if (uncompressedSize === 0xffffffff && q + 8 <= e + 4 + size) {
					uncompressedSize = readU64(view, q);
					q += 8;
				}
				if (compressedSize === 0xffffffff && q + 8 <= e + 4 + size) {
					compressedSize = readU64(view, q);
					q += 8;
				}
				if (localHeaderOffset === 0xffffffff && q + 8 <= e + 4 + size) {
					localHeaderOffset = readU64(view, q);
				}
			}
			e += 4 + size;
		}
		entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
		p = extraEnd + commentLen;
	}
	return entries;
}

/**
 * Refuses archives whose declared sizes are too big or absurdly compressed, then inflates each
 * entry with a cap at its declared size so a directory that lies about sizes is caught too.
 */
export function checkZipSafety(
	bytes: Uint8Array,
	entries: ZipEntry[],
	limits: ZipLimits = DEFAULT_ZIP_LIMITS,
	inspect?: (entry: ZipEntry, content: Buffer) => void
): void {
	if (entries.length > limits.maxEntries) throw bomb(`${entries.length} entries`);
	let total = 0;
	for (const entry of entries) {
		total += entry.uncompressedSize;
		if (total > limits.maxTotalUncompressed) throw bomb(`total uncompressed > ${total}`);
		const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
		if (entry.uncompressedSize > limits.ratioFloor && ratio > limits.maxRatio) {
			throw bomb(`${entry.name}: ratio ${Math.round(ratio)}`);
		}
	}
	// The check above trusts the directory. Inflating here costs a second pass over at most
	// 100 MB, but it is the only way to know the sizes are true before JSZip allocates them.
	const view = viewOf(bytes);
	for (const entry of entries) {
		if (entry.name.endsWith('/')) continue;
		const data = entryData(view, bytes, entry);
		let content: Buffer;
		if (entry.method === 0) {
			if (data.length !== entry.uncompressedSize) throw corrupt(`${entry.name}: stored size`);
			content = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
		} else if (entry.method === 8) {
			try {
				// One byte more than declared is enough to catch a lie (and keeps the limit >= 1).
				content = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
			} catch (e) {
				if (e instanceof RangeError) throw bomb(`${entry.name}: inflates beyond declared size`);
				throw corrupt(`${entry.name}: ${(e as Error).message}`);
			}
			if (content.length > entry.uncompressedSize) {
				throw bomb(`${entry.name}: inflates beyond declared size`);
			}
		} else {
			throw corrupt(`${entry.name}: compression method ${entry.method}`);
		}
		inspect?.(entry, content);
	}
}

function entryData(view: DataView, bytes: Uint8Array, entry: ZipEntry): Uint8Array {
	const at = entry.localHeaderOffset;
	if (at + 30 > view.byteLength || readU32(view, at) !== SIG_LOCAL) {
		throw corrupt(`${entry.name}: local header`);
	}
	const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	const end = start + entry.compressedSize;
	if (end > bytes.length) throw corrupt(`${entry.name}: data out of range`);
	return bytes.subarray(start, end);
}

function findEocd(view: DataView): number {
	// The end record is 22 bytes plus a comment of up to 65,535 bytes, so search backwards.
	const stop = Math.max(0, view.byteLength - 22 - 0xffff);
	for (let i = view.byteLength - 22; i >= stop; i--) {
		if (readU32(view, i) === SIG_EOCD) return i;
	}
	return -1;
}

function viewOf(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readU32(view: DataView, at: number): number {
	return view.getUint32(at, true);
}

function readU64(view: DataView, at: number): number {
	// Sizes beyond 2^53 are absurd here anyway; Number keeps the comparisons simple.
	return view.getUint32(at, true) + view.getUint32(at + 4, true) * 0x1_0000_0000;
}
