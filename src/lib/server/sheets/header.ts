/**
 * Finds the header row of a list whatever the office called its columns: cells are compared with
 * synonym lists by search key (no case, accents, punctuation), so "HỌ VÀ TÊN ĐẠI BIỂU", "Họ tên"
 * and "Ho ten" all mean the name column. Handles a group header merged over two rows, a name
 * split over "Họ" | "Tên" columns (FieldSpec.requiredOr), and workbooks with the list spread
 * over several sheets (locateLists).
 */
import { searchKey } from '$lib/format';
import { SheetError } from './errors';
import type { Sheet, SheetRow, SheetTable } from './read-table';

/** A column the parser wants, with the labels offices use for it. */
export interface FieldSpec<K extends string = string> {
	key: K;
	/** Vietnamese label for messages ("Họ và tên"). */
	label: string;
	synonyms: string[];
	required?: boolean;
	/**
	 * Other columns that together stand in for a required one: a name split into "Họ" | "Tên" in
	 * place of "Họ và tên". A header is found when each required field, or all of one of its sets,
	 * is found.
	 */
	requiredOr?: K[][];
	/** Only a cell that is the label itself counts ("Tên", never "Tên đơn vị"). */
	exact?: boolean;
}

/** Where the header is and which column holds which field. */
export interface HeaderMatch<K extends string = string> {
	/** Index in `rows` of the last header row: data starts at the next index. */
	headerIndex: number;
	/** Excel row numbers the header spans (two for a merged group header). */
	headerRowNumbers: number[];
	/** Field key → 0-based column index, for the fields that were found. */
	columns: Partial<Record<K, number>>;
	/** The header text per column (both header rows joined when there are two). */
	headers: string[];
	/** Search keys of each header row's cells, to recognise the header repeated on later pages. */
	headerKeys: string[][];
}

/** How many rows from the top are searched for the header. */
export const HEADER_SCAN_ROWS = 30;

// Header cells longer than this are titles or notes, not column names.
const MAX_HEADER_CELL = 80;

interface Candidate {
	col: number;
	field: number;
	score: number;
	length: number;
}

interface RowScore {
	total: number;
	columns: Map<number, number>;
}

/** Search key of a header label: parenthesised remarks dropped ("Điện thoại (di động)"). */
export function headerKey(s: string): string {
	return searchKey(s.replace(/\([^)]*\)/g, ' '));
}

function compact(key: string): string {
	return key.replace(/ /g, '');
}

/** 3 = same label, 2 = label followed by more words, 1 = label inside a longer cell, 0 = no. */
function matchScore(cellKey: string, synonymKey: string): number {
	if (cellKey === '' || synonymKey === '') return 0;
	if (cellKey === synonymKey || compact(cellKey) === compact(synonymKey)) return 3;
	if (cellKey.startsWith(synonymKey + ' ')) return 2;
	// Short labels (TT, ĐT, Cấp) only count as the whole cell or its first word: inside a longer
	// cell they are too often part of something else.
	if (synonymKey.length >= 5 && ` ${cellKey} `.includes(` ${synonymKey} `)) return 1;
	return 0;
}

function scoreTexts<K extends string>(
	texts: string[][],
	fields: FieldSpec<K>[],
	keyCache: string[][]
): RowScore {
	const exact = fields.map((f) => f.exact === true);
	const candidates: Candidate[] = [];
	for (let col = 0; col < texts.length; col++) {
		const options = texts[col];
		for (let f = 0; f < fields.length; f++) {
			let best: Candidate | null = null;
			for (const text of options) {
				if (text === '' || text.length > MAX_HEADER_CELL) continue;
				const key = headerKey(text);
				for (const syn of keyCache[f]) {
					let score = matchScore(key, syn);
					if (exact[f] && score < 3) score = 0;
					const stronger =
						!best || score > best.score || (score === best.score && syn.length > best.length);
					if (score > 0 && stronger) best = { col, field: f, score, length: syn.length };
				}
			}
			if (best) candidates.push(best);
		}
	}
	// Greedy one-to-one assignment, strongest evidence first: "Chức vụ, đơn vị" is the position
	// column (same label) rather than the unit column (label inside), unless nothing else fits.
	candidates.sort((a, b) => b.score - a.score || b.length - a.length || a.col - b.col);
	const usedCols = new Set<number>();
	const columns = new Map<number, number>();
	let total = 0;
	for (const c of candidates) {
		if (usedCols.has(c.col) || columns.has(c.field)) continue;
		usedCols.add(c.col);
		columns.set(c.field, c.col);
		total += c.score;
	}
	return { total, columns };
}

/** True when a row holds data rather than labels (an email, a long number, a numbered entry). */
function looksLikeData(cells: string[]): boolean {
	if (cells.some((c) => /\S+@\S+\.\S+/.test(c) || /\d{9,}/.test(c.replace(/[\s.]/g, ''))))
		return true;
	return /^\d+$/.test(cells[0] ?? '') && cells.filter((c) => c !== '').length >= 3;
}

/**
 * Finds the header among the first rows (a single row, or two rows when a merged group header sits
 * above sub-headers); throws SheetError 'no_header' naming the missing required columns.
 */
export function detectHeader<K extends string>(
	rows: SheetRow[],
	fields: FieldSpec<K>[]
): HeaderMatch<K> {
	const keyCache = fields.map((f) => f.synonyms.map(headerKey));
	const limit = Math.min(rows.length, HEADER_SCAN_ROWS);
	const single = (i: number) =>
		scoreTexts(
			rows[i].cells.map((c) => [c]),
			fields,
			keyCache
		);
	const singles: RowScore[] = [];
	for (let i = 0; i < limit; i++) singles.push(single(i));

	const hasRequired = (s: RowScore) => requiredFound(fields, s.columns);
	type Pick = { start: number; end: number; score: RowScore };
	let best: Pick | null = null;
	const better = (a: Pick, b: Pick | null) =>
		!b ||
		(hasRequired(a.score) && !hasRequired(b.score)) ||
		(hasRequired(a.score) === hasRequired(b.score) &&
			(a.score.total > b.score.total ||
				(a.score.total === b.score.total && a.score.columns.size > b.score.columns.size)));

	for (let i = 0; i < limit; i++) {
		const s = singles[i];
		if (s.columns.size === 0) continue;
		let pick: Pick = { start: i, end: i, score: s };
		const next = i + 1 < rows.length ? rows[i + 1] : null;
		if (next && i + 1 < limit && singles[i + 1].columns.size > 0 && !looksLikeData(next.cells)) {
			const width = Math.max(rows[i].cells.length, next.cells.length);
			const texts: string[][] = [];
			for (let c = 0; c < width; c++) {
				const top = rows[i].cells[c] ?? '';
				const bottom = next.cells[c] ?? '';
				// Under a group label merged over several columns ("Họ và tên" over "Họ đệm" | "Tên"),
				// each column means its sub-header, not the group: the label alone is not an option.
				const group =
					top !== '' &&
					bottom !== '' &&
					[c - 1, c + 1].some(
						(o) => (rows[i].cells[o] ?? '') === top && (next.cells[o] ?? '') !== bottom
					);
				texts.push(
					top === bottom
						? [top]
						: group
							? [bottom, `${top} ${bottom}`]
							: [top, bottom, `${top} ${bottom}`.trim()]
				);
			}
			const pair = scoreTexts(texts, fields, keyCache);
			const below = singles[i + 1];
			// Two header rows when together they name more columns than either alone; or, when the
			// sub-header row already repeats the vertically merged labels, when the top row is itself
			// a header (several labels), not a title merged across the table.
			const topIsHeader = s.columns.size >= 2 && new Set(rows[i].cells.filter(Boolean)).size >= 2;
			const gains =
				pair.columns.size > below.columns.size && pair.total > Math.max(s.total, below.total);
			const completes =
				topIsHeader && pair.columns.size >= below.columns.size && pair.total >= below.total;
			if (pair.columns.size > s.columns.size && (gains || completes)) {
				pick = { start: i, end: i + 1, score: pair };
			}
		}
		if (better(pick, best)) best = pick;
	}

	const minFields = Math.min(2, fields.length);
	if (!best || !hasRequired(best.score) || best.score.columns.size < minFields) {
		throw noHeader(rows, fields, best ? best.start : -1, best?.score ?? null);
	}

	const headerRows = rows.slice(best.start, best.end + 1);
	const width = Math.max(...headerRows.map((r) => r.cells.length));
	const headers: string[] = [];
	for (let c = 0; c < width; c++) {
		const parts: string[] = [];
		for (const r of headerRows) {
			const t = r.cells[c] ?? '';
			if (t && !parts.includes(t)) parts.push(t);
		}
		headers.push(parts.join(' '));
	}
	const columns: Partial<Record<K, number>> = {};
	for (const [f, col] of best.score.columns) columns[fields[f].key] = col;
	return {
		headerIndex: best.end,
		headerRowNumbers: headerRows.map((r) => r.n),
		columns,
		headers,
		headerKeys: headerRows.map((r) => r.cells.map(headerKey))
	};
}

/** True when a data-area row repeats the header (lists printed with the header on every page). */
export function isRepeatedHeader(cells: string[], match: HeaderMatch): boolean {
	const mapped = Object.values(match.columns) as number[];
	const need = Math.min(2, mapped.length);
	return match.headerKeys.some((keys) => {
		let same = 0;
		for (const col of mapped) {
			const k = keys[col];
			if (k && headerKey(cells[col] ?? '') === k) same++;
		}
		return same >= need;
	});
}

/** True when every required field, or all fields of one of its `requiredOr` sets, was found. */
function requiredFound<K extends string>(
	fields: FieldSpec<K>[],
	columns: Map<number, number>
): boolean {
	return fields.every((f, i) => fieldFound(fields, f, i, columns));
}

/** A field that is not required, or was found, or is stood in for by one of its `requiredOr` sets. */
function fieldFound<K extends string>(
	fields: FieldSpec<K>[],
	f: FieldSpec<K>,
	i: number,
	columns: Map<number, number>
): boolean {
	return !f.required || columns.has(i) || alternativeFound(fields, f, columns);
}

function alternativeFound<K extends string>(
	fields: FieldSpec<K>[],
	f: FieldSpec<K>,
	columns: Map<number, number>
): boolean {
	return (f.requiredOr ?? []).some((set) =>
		set.every((key) => {
			const i = fields.findIndex((x) => x.key === key);
			return i >= 0 && columns.has(i);
		})
	);
}

function noHeader<K extends string>(
	rows: SheetRow[],
	fields: FieldSpec<K>[],
	bestIndex: number,
	score: RowScore | null
): SheetError {
	const found = score?.columns ?? new Map<number, number>();
	const missing = fields
		.filter((f, i) => !fieldFound(fields, f, i, found))
		.map((f) => f.label);
	// Show the row that came closest, else the first row that looks like a table row.
	const seenRow =
		bestIndex >= 0
			? rows[bestIndex]
			: rows.slice(0, HEADER_SCAN_ROWS).find((r) => r.cells.filter((c) => c !== '').length >= 2);
	const seen = [...new Set((seenRow?.cells ?? []).filter((c) => c !== ''))];
	const what =
		missing.length > 0
			? `thiếu cột ${missing.map((m) => `"${m}"`).join(', ')}`
			: 'không đủ cột nhận biết được';
	const saw =
		seen.length > 0
			? ` Các tiêu đề đã thấy${seenRow ? ` (dòng ${seenRow.n})` : ''}: ${seen.join(', ')}.`
			: '';
	return new SheetError(
		'no_header',
		`Không tìm thấy dòng tiêu đề của danh sách trong ${HEADER_SCAN_ROWS} dòng đầu: ${what}.${saw}`,
		{ missing, seen }
	);
}

/** The sheet holding the list: the primary one if its header is found, else the first with one. */
export function locateList<K extends string>(
	table: SheetTable,
	fields: FieldSpec<K>[]
): { sheet: Sheet; match: HeaderMatch<K> } {
	if (table.sheets.length === 0)
		throw new SheetError('empty', 'Bảng tính không có trang nào để đọc');
	const order = [
		table.primary,
		...table.sheets.map((_, i) => i).filter((i) => i !== table.primary)
	];
	let firstError: unknown = null;
	for (const i of order) {
		const sheet = table.sheets[i];
		try {
			return { sheet, match: detectHeader(sheet.rows, fields) };
		} catch (e) {
			firstError ??= e;
		}
	}
	throw firstError;
}

/** A sheet read as (part of) the list. */
export interface LocatedList<K extends string = string> {
	sheet: Sheet;
	/** Index of the sheet in `table.sheets` (workbook order). */
	index: number;
	match: HeaderMatch<K>;
}

/** A sheet that may hold part of the list but is left out, with why, in Vietnamese. */
export interface UnreadSheet {
	sheet: Sheet;
	reason: string;
}

/**
 * Every sheet of a workbook that holds the list, in workbook order: the sheet locateList picks,
 * and each other sheet whose header is found and means the same columns (`sameMeaning` returns
 * null; otherwise it says, in Vietnamese, what differs). Workbooks kept with one sheet per tier
 * ("Cấp tỉnh", "Cấp xã") are read whole. Sheets left out that look like tables are listed in
 * `unread`, so their rows never vanish without a word. Throws as locateList when no sheet has a
 * header.
 */
export function locateLists<K extends string>(
	table: SheetTable,
	fields: FieldSpec<K>[],
	sameMeaning: (main: LocatedList<K>, other: LocatedList<K>) => string | null
): { lists: LocatedList<K>[]; unread: UnreadSheet[] } {
	const found = locateList(table, fields);
	const main: LocatedList<K> = { ...found, index: table.sheets.indexOf(found.sheet) };
	const lists: LocatedList<K>[] = [];
	const unread: UnreadSheet[] = [];
	table.sheets.forEach((sheet, index) => {
		if (index === main.index) {
			lists.push(main);
			return;
		}
		let match: HeaderMatch<K>;
		try {
			match = detectHeader(sheet.rows, fields);
		} catch (e) {
			if (looksTabular(sheet.rows)) {
				const why = e instanceof SheetError ? e.message : String(e);
				unread.push({ sheet, reason: why });
			}
			return;
		}
		const other: LocatedList<K> = { sheet, index, match };
		const differs = sameMeaning(main, other);
		if (differs === null) lists.push(other);
		else unread.push({ sheet, reason: differs });
	});
	return { lists, unread };
}

/** At least three rows with two or more texts: a table (a header and data), not a note. */
function looksTabular(rows: SheetRow[]): boolean {
	let n = 0;
	for (const r of rows) {
		if (new Set(r.cells.filter((c) => c !== '')).size >= 2 && ++n >= 3) return true;
	}
	return false;
}
