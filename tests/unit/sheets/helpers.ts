/** Builders for spreadsheets in the shapes offices send, made in memory for the sheet tests. */
import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';

/** A cell as the builder accepts it: anything exceljs takes as a value. */
export type CellInput = ExcelJS.CellValue;

/** One worksheet to build: rows from row 1, merges as "A1:I1", optional hidden state. */
export interface SheetSpec {
	name?: string;
	rows: CellInput[][];
	merges?: string[];
	state?: 'visible' | 'hidden';
	/** Number formats by cell address ("E8": "0000000000"). */
	numFmts?: Record<string, string>;
}

/** Writes an .xlsx with exceljs and returns its bytes. */
export async function buildXlsx(sheets: SheetSpec[]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	sheets.forEach((spec, i) => {
		const ws = wb.addWorksheet(spec.name ?? `Sheet${i + 1}`, { state: spec.state ?? 'visible' });
		spec.rows.forEach((values, r) => {
			values.forEach((v, c) => {
				if (v !== null && v !== undefined) ws.getCell(r + 1, c + 1).value = v;
			});
		});
		for (const m of spec.merges ?? []) ws.mergeCells(m);
		for (const [addr, fmt] of Object.entries(spec.numFmts ?? {})) ws.getCell(addr).numFmt = fmt;
	});
	const buf = await wb.xlsx.writeBuffer();
	return new Uint8Array(buf as ArrayBuffer);
}

/** UTF-8 bytes, with a BOM when asked (Excel's "CSV UTF-8"). */
export function utf8(text: string, bom = false): Uint8Array {
	const body = Buffer.from(text, 'utf8');
	return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
}

/** UTF-16 with BOM, as Excel's "Unicode text" (LE) or some tools (BE) write it. */
export function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
	const le = Buffer.from(text, 'utf16le');
	if (endian === 'le') return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
	const be = Buffer.from(le);
	be.swap16();
	return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
}

/** One entry of a hand-made zip; `claimedSize` lets a test lie in the central directory. */
export interface ZipSpec {
	name: string;
	data: Buffer;
	deflate?: boolean;
	claimedSize?: number;
}

/** A minimal zip (local headers, central directory, end record) with sizes under test control. */
export function buildZip(entries: ZipSpec[]): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name, 'utf8');
		const body = e.deflate ? deflateRawSync(e.data) : e.data;
		const size = e.claimedSize ?? e.data.length;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(e.deflate ? 8 : 0, 8);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(e.deflate ? 8 : 0, 10);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(size, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, body);
		centrals.push(central, name);
		offset += 30 + name.length + body.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, cd, end]));
}
