/**
 * Reads an uploaded .xlsx or .csv into plain display strings, one entry per sheet row so problems
 * can be reported with the row numbers the user sees in Excel. Knows nothing about delegates or
 * awards: that is header.ts / delegates.ts / awards.ts.
 */
import ExcelJS from 'exceljs';
import { normalizeText } from '$lib/format';
import { decodeText, looksLikeText, parseCsv } from './csv';
import { SheetError } from './errors';
import { checkZipSafety, isZip, readZipDirectory } from './zip';

export { SheetError, isSheetError, type SheetErrorCode } from './errors';

/** One sheet row: `n` is the 1-based row number shown by Excel; `cells[0]` is column A. */
export interface SheetRow {
	n: number;
	/** Display text per column, NFC, whitespace collapsed; trailing empty cells dropped. */
	cells: string[];
	/**
	 * Column index → the lines of a cell written on several lines (Alt+Enter in Excel, a newline
	 * inside a quoted CSV field), each cleaned as `cells` are, blank lines dropped; only for cells
	 * with two lines or more, and absent when the row has none. `cells` still holds such a cell on
	 * one line: only parsers that read meaning into the line breaks (a name over its position in
	 * delegates.ts) look here.
	 */
	lines?: Record<number, string[]>;
}

/** One visible sheet; `rows[i].n === i + 1` (blank rows are kept as `cells: []`). */
export interface Sheet {
	name: string;
	rows: SheetRow[];
}

/** Everything readTable found in a file. */
export interface SheetTable {
	format: 'xlsx' | 'csv';
	/** Visible sheets in workbook order (hidden ones are left out); a CSV has one. */
	sheets: Sheet[];
	/** Index in `sheets` of the sheet that looks like the list: most non-empty rows, first wins. */
	primary: number;
	/** Things the user should check (encoding guessed, quotes repaired…), in Vietnamese. */
	warnings: string[];
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_SHEET_ROWS = 50_000;

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const NOT_A_SHEET = 'Tệp không phải bảng tính .xlsx hoặc .csv';

/** Reads an .xlsx or .csv (decided by content, not by name); throws SheetError when it cannot. */
export async function readTable(bytes: Uint8Array, filename: string): Promise<SheetTable> {
	if (bytes.length > MAX_FILE_BYTES) {
		throw new SheetError(
			'too_large',
			`Tệp "${filename}" quá lớn (${(bytes.length / 1024 / 1024).toFixed(1)} MB): giới hạn là 10 MB`
		);
	}
	if (bytes.length === 0) throw new SheetError('empty', `Tệp "${filename}" rỗng`);

	let table: SheetTable;
	if (isZip(bytes)) table = await readXlsx(bytes);
	else if (startsWith(bytes, OLE_SIGNATURE)) throw oleError(bytes);
	else if (looksLikeText(bytes)) table = readCsv(bytes);
	else throw new SheetError('unsupported_format', NOT_A_SHEET);

	if (table.sheets.every((s) => !s.rows.some((r) => r.cells.length > 0))) {
		throw new SheetError('empty', `Tệp "${filename}" không có dữ liệu`);
	}
	return table;
}

/** Text of a cell as the list means it: NFC, zero-width characters removed, spaces collapsed. */
export function cleanCellText(s: string): string {
	return normalizeText(s.replace(ZERO_WIDTH, ''));
}

// Line breaks inside a cell: LF (Alt+Enter), CRLF or CR (pasted text), vertical tab, and the
// Unicode line/paragraph separators.
const LINE_BREAK = /\r\n|[\n\r\v\u2028\u2029]/;

/** The non-blank lines of a cell, each cleaned; null when it has fewer than two. */
export function cellLines(s: string): string[] | null {
	if (!LINE_BREAK.test(s)) return null;
	const lines = s
		.split(LINE_BREAK)
		.map(cleanCellText)
		.filter((l) => l !== '');
	return lines.length >= 2 ? lines : null;
}

/** A row from raw cell texts: `cells` cleaned, `lines` for the cells written on several lines. */
function sheetRow(n: number, raw: string[]): SheetRow {
	const cells = trimTrailing(raw.map((c) => (c === undefined ? '' : cleanCellText(c))));
	let lines: Record<number, string[]> | undefined;
	for (let i = 0; i < cells.length; i++) {
		const split = cells[i] === '' ? null : cellLines(raw[i]);
		if (split) (lines ??= {})[i] = split;
	}
	return lines ? { n, cells, lines } : { n, cells };
}

async function readXlsx(bytes: Uint8Array): Promise<SheetTable> {
	const entries = readZipDirectory(bytes);
	if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
		throw new SheetError('unsupported_format', NOT_A_SHEET, {
			detail: 'zip without xl/workbook.xml'
		});
	}
	checkZipSafety(bytes, entries, undefined, (entry, xml) => {
		if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) precheckSheetXml(xml);
	});

	const workbook = new ExcelJS.Workbook();
	try {
		// exceljs's typing wants its own Buffer alias; a Node Buffer over the same memory is what it
		// uses.
		await workbook.xlsx.load(
			Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer
		);
	} catch (e) {
		throw new SheetError('unsupported_format', 'Tệp .xlsx bị hỏng hoặc không đọc được', {
			detail: (e as Error).message
		});
	}

	const sheets: Sheet[] = [];
	for (const ws of workbook.worksheets) {
		if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
		sheets.push({ name: cleanCellText(ws.name), rows: worksheetRows(ws) });
	}
	return { format: 'xlsx', sheets, primary: pickPrimary(sheets), warnings: [] };
}

/**
 * Cheap look at a worksheet's XML before exceljs builds objects for it: a few hundred KB of XML
 * can declare millions of rows, or one merge over the whole grid that exceljs would expand cell
 * by cell.
 */
function precheckSheetXml(xml: Buffer): void {
	const text = xml.toString('latin1');
	let rowTags = 0;
	for (let at = text.indexOf('<row'); at >= 0; at = text.indexOf('<row', at + 4)) {
		// '<row ' or '<row>', not '<rowBreaks>'.
		if (text[at + 4] === ' ' || text[at + 4] === '>') rowTags++;
	}
	// Formatting alone can create empty <row> elements, so allow slack; real rows are counted later.
	if (rowTags > MAX_SHEET_ROWS * 4) throw tooManyRows();
	let merged = 0;
	for (const m of text.matchAll(/<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)) {
		const cols = columnIndex(m[3]) - columnIndex(m[1]) + 1;
		const rows = Number(m[4]) - Number(m[2]) + 1;
		merged += Math.max(cols, 1) * Math.max(rows, 1);
	}
	if (merged > 2_000_000) {
		throw new SheetError(
			'too_large',
			'Bảng tính có vùng gộp ô (merge) quá lớn: hãy bỏ gộp ô ở các cột, dòng trống rồi lưu lại'
		);
	}
}

function columnIndex(letters: string): number {
	let n = 0;
	for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n;
}

function worksheetRows(ws: ExcelJS.Worksheet): SheetRow[] {
	const grid = new Map<number, SheetRow>();
	let last = 0;
	ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const raw: string[] = [];
		row.eachCell({ includeEmpty: false }, (cell, col) => {
			// exceljs creates every cell of a merge range and points it at the top-left master, so
			// a title merged over A:I reads in every column and a unit merged down reads on each row.
			const source = cell.type === ExcelJS.ValueType.Merge ? cell.master : cell;
			raw[col - 1] = cellText(source.value, source.numFmt);
		});
		const read = sheetRow(rowNumber, raw);
		if (read.cells.length > 0) {
			grid.set(rowNumber, read);
			last = rowNumber;
		}
	});
	if (last > MAX_SHEET_ROWS) throw tooManyRows();
	const rows: SheetRow[] = [];
	for (let n = 1; n <= last; n++) rows.push(grid.get(n) ?? { n, cells: [] });
	return rows;
}

function tooManyRows(): SheetError {
	return new SheetError(
		'too_large',
		`Bảng tính có quá nhiều dòng: giới hạn ${MAX_SHEET_ROWS.toLocaleString('vi-VN')} dòng mỗi trang`
	);
}

/** Display text of an exceljs cell value (rich text, hyperlink, formula, date, number…). */
export function cellText(value: ExcelJS.CellValue | undefined, numFmt?: string): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return numberText(value, numFmt);
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date) return dateText(value, numFmt);
	if (typeof value !== 'object') return String(value);
	if ('richText' in value && Array.isArray(value.richText)) {
		return value.richText.map((r) => r.text ?? '').join('');
	}
	if ('hyperlink' in value) {
		// An email typed in Excel becomes {text, hyperlink: 'mailto:…'}; the text is what was typed
		// (and may itself be rich text).
		const text = cellText((value as { text?: ExcelJS.CellValue }).text);
		return text !== '' ? text : String(value.hyperlink ?? '').replace(/^mailto:/i, '');
	}
	if ('formula' in value || 'sharedFormula' in value) {
		return cellText((value as { result?: ExcelJS.CellValue }).result, numFmt);
	}
	// {error: '#N/A'}: not data the list means to give us.
	if ('error' in value) return '';
	return '';
}

function numberText(n: number, numFmt?: string): string {
	if (!Number.isFinite(n)) return '';
	if (Number.isInteger(n)) {
		// Phone numbers typed as numbers and shown with a "0000000000" format keep their zeros.
		if (numFmt && /^0+$/.test(numFmt) && numFmt.length > String(n).length) {
			return String(n).padStart(numFmt.length, '0');
		}
		// Plain digits, never 9.12e+8: a phone stored as a number must stay readable.
		return Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
	}
	// Trim binary noise (0.1 + 0.2) without exponent notation for ordinary magnitudes.
	return String(Number(n.toPrecision(15)));
}

function dateText(d: Date, numFmt?: string): string {
	if (Number.isNaN(d.getTime())) return '';
	// exceljs builds dates from the serial number as UTC wall-clock time, so read UTC parts.
	const dd = pad2(d.getUTCDate());
	const mm = pad2(d.getUTCMonth() + 1);
	const yyyy = d.getUTCFullYear();
	const hh = pad2(d.getUTCHours());
	const mi = pad2(d.getUTCMinutes());
	const timeOnly =
		yyyy <= 1900 && numFmt !== undefined && /h/i.test(numFmt) && !/[dy]/i.test(numFmt);
	if (timeOnly) return `${hh}:${mi}`;
	const hasTime = d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0;
	return hasTime ? `${dd}/${mm}/${yyyy} ${hh}:${mi}` : `${dd}/${mm}/${yyyy}`;
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

function readCsv(bytes: Uint8Array): SheetTable {
	const decoded = decodeText(bytes);
	const parsed = parseCsv(decoded.text);
	if (parsed.records.length > MAX_SHEET_ROWS) throw tooManyRows();
	const rows: SheetRow[] = parsed.records.map((r) => sheetRow(r.line, r.fields));
	while (rows.length > 0 && rows[rows.length - 1].cells.length === 0) rows.pop();
	return {
		format: 'csv',
		sheets: [{ name: 'CSV', rows }],
		primary: 0,
		warnings: [...decoded.warnings, ...parsed.warnings]
	};
}

function oleError(bytes: Uint8Array): SheetError {
	// A password-protected .xlsx is also an OLE container (with an "EncryptedPackage" stream);
	// telling it apart saves the user from re-saving a file that is already .xlsx.
	const marker = Buffer.from('EncryptedPackage', 'utf16le');
	if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(marker)) {
		return new SheetError(
			'unsupported_format',
			'Tệp Excel đang được đặt mật khẩu: hãy gỡ mật khẩu ' +
				'(File → Info → Protect Workbook) rồi tải lên lại'
		);
	}
	return new SheetError(
		'xls_legacy',
		'Tệp .xls (Excel 97-2003) chưa được hỗ trợ: hãy mở bằng Excel và lưu lại dạng .xlsx'
	);
}

function pickPrimary(sheets: Sheet[]): number {
	let best = 0;
	let bestCount = -1;
	sheets.forEach((s, i) => {
		const count = s.rows.filter((r) => r.cells.some((c) => c !== '')).length;
		if (count > bestCount) {
			best = i;
			bestCount = count;
		}
	});
	return best;
}

function trimTrailing(cells: string[]): string[] {
	let end = cells.length;
	while (end > 0 && !cells[end - 1]) end--;
	const out: string[] = [];
	for (let i = 0; i < end; i++) out.push(cells[i] ?? '');
	return out;
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
	return sig.every((b, i) => bytes[i] === b);
}
