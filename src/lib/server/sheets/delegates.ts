/**
 * Delegate lists ("Danh sách đại biểu dự Hội nghị …") as offices keep them: title rows, a header
 * in any wording, section headings that give the tier ("A. ĐẠI BIỂU CẤP TỈNH"), page headers
 * repeated mid-sheet, a total and a signature block at the end. Pure: no database; the import
 * service matches the drafts against existing delegates with `delegateIdentityKey`.
 */
import {
	guessSalutation,
	lowerFirst,
	normalizePhone,
	normalizeText,
	searchKey,
	stripSalutation,
	type Salutation
} from '$lib/format';
import { RANK_RULES } from '$lib/server/delegates/rank';
import { sheetRowOf } from '$lib/sheet-rows';
import {
	isRepeatedHeader,
	locateLists,
	type FieldSpec,
	type HeaderMatch,
	type LocatedList
} from './header';
import type { SheetRow, SheetTable } from './read-table';
import {
	columnsOf,
	distinctTexts,
	headingOf,
	enumeratorStyle,
	findDuplicates,
	isFooterText,
	isNumberingRow,
	isValidEmail,
	keyHasPhrase,
	problemAt,
	sortProblems,
	stripEnumerator,
	unitKey,
	type DuplicateGroup,
	type ImportProblem,
	type SkippedRow
} from './rows';

export type { DuplicateGroup, ImportProblem, SkippedRow } from './rows';

/** Columns a delegate list may have. */
export type DelegateField =
	| 'stt'
	| 'fullName'
	/** A name split over columns: "Họ" (or "Họ và tên đệm") | "Tên đệm" | "Tên". */
	| 'familyName'
	| 'middleName'
	| 'givenName'
	| 'salutation'
	| 'gender'
	| 'position'
	| 'unit'
	| 'phone'
	| 'email'
	| 'tier'
	| 'notes'
	| 'seat'
	| 'places';

/** Header synonyms for delegate lists (matched by search key, see header.ts). */
export const DELEGATE_FIELDS: FieldSpec<DelegateField>[] = [
	{ key: 'stt', label: 'STT', synonyms: ['STT', 'TT', 'Số TT', 'Số thứ tự', 'No', 'No.'] },
	{
		key: 'fullName',
		label: 'Họ và tên',
		required: true,
		requiredOr: [['familyName', 'givenName']],
		synonyms: [
			'Họ và tên',
			'Họ tên',
			'Họ và tên đại biểu',
			'Họ tên đại biểu',
			'Tên đại biểu',
			'Đại biểu',
			'Họ và tên khách mời',
			'Full name',
			'Name',
			'Họ và tên người dự'
		]
	},
	// The parts of a split name count only as whole cells: "Tên đơn vị" is not the given name.
	{
		key: 'familyName',
		label: 'Họ',
		exact: true,
		synonyms: [
			'Họ',
			'Họ đệm',
			'Họ và đệm',
			'Họ và tên đệm',
			'Họ tên đệm',
			'Họ và chữ đệm',
			'Họ chữ đệm',
			'Họ lót',
			'Họ và tên lót',
			'Last name',
			'Surname',
			'Family name'
		]
	},
	{
		key: 'middleName',
		label: 'Tên đệm',
		exact: true,
		synonyms: ['Tên đệm', 'Chữ đệm', 'Đệm', 'Tên lót', 'Middle name']
	},
	{
		key: 'givenName',
		label: 'Tên',
		exact: true,
		synonyms: ['Tên', 'Tên gọi', 'First name', 'Given name']
	},
	{ key: 'salutation', label: 'Danh xưng', synonyms: ['Danh xưng', 'Ông/Bà', 'Xưng hô'] },
	{ key: 'gender', label: 'Giới tính', synonyms: ['Giới tính', 'Nam/Nữ', 'Phái', 'Gender', 'Sex'] },
	{
		key: 'position',
		label: 'Chức vụ',
		synonyms: ['Chức vụ', 'Chức danh', 'Chức vụ, đơn vị', 'Chức vụ, cơ quan', 'Position', 'Title']
	},
	{
		key: 'unit',
		label: 'Đơn vị',
		synonyms: [
			'Đơn vị',
			'Cơ quan',
			'Cơ quan, đơn vị',
			'Đơn vị công tác',
			'Cơ quan công tác',
			'Nơi công tác',
			'Địa chỉ',
			'Unit',
			'Organization'
		]
	},
	{
		key: 'phone',
		label: 'Điện thoại',
		synonyms: [
			'Điện thoại',
			'SĐT',
			'Số điện thoại',
			'Số ĐT',
			'ĐT',
			'ĐTDĐ',
			'Di động',
			'Điện thoại di động',
			'Phone',
			'Mobile'
		]
	},
	{
		key: 'email',
		label: 'Email',
		synonyms: ['Email', 'E-mail', 'Thư điện tử', 'Mail', 'Địa chỉ email']
	},
	{
		key: 'tier',
		label: 'Cấp',
		synonyms: [
			'Cấp',
			'Cấp đại biểu',
			'Thành phần',
			'Thành phần đại biểu',
			'Nhóm',
			'Khối',
			'Đối tượng',
			'Nhóm đại biểu',
			'Loại đại biểu',
			'Group',
			'Tier',
			'Category'
		]
	},
	{ key: 'notes', label: 'Ghi chú', synonyms: ['Ghi chú', 'Note', 'Notes'] },
	{
		key: 'seat',
		label: 'Ghế',
		synonyms: ['Ghế', 'Số ghế', 'Vị trí ngồi', 'Chỗ ngồi', 'Vị trí', 'Seat']
	},
	{
		// A letter to an office ("Lãnh đạo Sở Tài chính") offers it a number of places.
		key: 'places',
		label: 'Số lượng',
		synonyms: ['Số lượng', 'SL', 'Số người', 'Số người dự', 'Số đại biểu', 'Số lượng đại biểu', 'Số suất']
	}
];

/** One delegate as read from the list, ready for review. */
export interface DelegateDraft {
	/** The Excel row the delegate was read from. */
	rowNumber: number;
	/** This row plus any identical rows folded into it. */
	sourceRowNumbers: number[];
	/** Without "Ông"/"Bà"; '' when the row has no name (it then has an error). */
	fullName: string;
	salutation: Salutation | null;
	position: string | null;
	unit: string | null;
	/** National form "0912345678". */
	phone: string | null;
	/** Lower-cased. */
	email: string | null;
	/** One of `opts.tiers`, exactly as given there. */
	tierName: string | null;
	notes: string | null;
	seat: string | null;
	/** Places offered, from a "Số lượng" column (letters to an office); null when not given. */
	places: number | null;
	/** The section heading the row sat under ("A. ĐẠI BIỂU CẤP TỈNH"), if any. */
	section: string | null;
}

/** Counts for the preview. */
export interface DelegateImportStats {
	total: number;
	/** Every tier of `opts.tiers`, with 0 when no row has it. */
	byTier: Record<string, number>;
	withoutTier: number;
	withoutEmail: number;
	withoutPhone: number;
}

/** What parseDelegateSheet hands to the review screen and the import service. */
export interface DelegateImportPreview {
	/** The sheet read (the first one when several are). */
	sheetName: string;
	headerRowNumbers: number[];
	/**
	 * Every sheet read, in workbook order. With several, a row's number is `rowOffset` plus its
	 * Excel row in that sheet, so numbers stay unique across the preview.
	 */
	sheets: DelegateSheetInfo[];
	/** Field → column index and the header text found there (of the first sheet). */
	columns: Partial<Record<DelegateField, { index: number; header: string }>>;
	rows: DelegateDraft[];
	problems: ImportProblem[];
	duplicates: DuplicateGroup[];
	skipped: SkippedRow[];
	stats: DelegateImportStats;
	/** File-level warnings (encoding guessed, CSV quotes repaired, sheets read or left unread). */
	warnings: string[];
	/**
	 * Section headings and "Cấp" cells that match no tier of the event, with the rows they cover:
	 * the review screen lets the user map each to a tier (`opts.tierAliases`) and parse again.
	 */
	unmatchedTiers: UnmatchedTier[];
}

/** A sheet a delegate list was read from. */
export interface DelegateSheetInfo {
	name: string;
	/** Added to the sheet's Excel row numbers in the preview: 0 for the first sheet. */
	rowOffset: number;
	headerRowNumbers: number[];
}

/** A preview row number as people read it: "12", or "4 của trang “Cấp xã”" when several sheets were read. */
export function sheetRowLabel(sheets: DelegateSheetInfo[], n: number): string {
	const r = sheetRowOf(sheets, n);
	return r.sheet ? `${r.row} của trang “${r.sheet}”` : String(r.row);
}

/** A tier wording of the file that matched no tier of the event. */
export interface UnmatchedTier {
	/** As written ("B. ĐẠI BIỂU CẤP HUYỆN"). */
	text: string;
	/** The key `opts.tierAliases` is looked up by (tierAliasKey). */
	key: string;
	rowNumbers: number[];
}

/** The key of a tier wording for `tierAliases`: no numbering, no accents, lower case. */
export function tierAliasKey(text: string): string {
	return searchKey(stripEnumerator(text));
}

/** "Same delegate" key: name without salutation + unit, ignoring accents and abbreviations. */
export function delegateIdentityKey(name: string, unit: string | null | undefined): string {
	return `${searchKey(stripSalutation(name).name)}|${unitKey(unit)}`;
}

// Words that say nothing about which tier a heading means ("Đại biểu", "Khách mời", "các").
const TIER_STOP_WORDS = new Set([
	'dai',
	'bieu',
	'cap',
	'cac',
	'va',
	'khach',
	'moi',
	'thanh',
	'phan',
	'nhom',
	'khoi',
	'duoc',
	'dong',
	'chi',
	'lanh',
	'dao',
	'doan'
]);

/**
 * The tier a heading or a "Cấp" cell means, or null: "A. ĐẠI BIỂU CẤP TỈNH" → "Cấp tỉnh",
 * "Tỉnh" → "Cấp tỉnh", "Đại biểu được khen thưởng" → the tier whose name says "khen thưởng".
 */
export function matchTierName(text: string, tiers: string[]): string | null {
	const key = searchKey(stripEnumerator(text));
	if (key === '') return null;
	const keyed = tiers.map((name) => ({ name, key: searchKey(name) })).filter((t) => t.key !== '');
	const exact = keyed.find((t) => t.key === key);
	if (exact) return exact.name;
	// The tier's whole name inside the heading; the longest wins ("cấp tỉnh mở rộng" over
	// "cấp tỉnh").
	const inside = keyed
		.filter((t) => keyHasPhrase(key, t.key))
		.sort((a, b) => b.key.length - a.key.length);
	if (inside.length > 0) return inside[0].name;
	// The cell inside one tier's name ("Tỉnh", "Khen thưởng").
	const around = keyed.filter((t) => keyHasPhrase(t.key, key));
	if (around.length === 1) return around[0].name;
	// Otherwise shared meaningful word pairs, then single words; only an unambiguous best counts.
	// Single words are weighed by how much of the tier's name they cover, so "Lãnh đạo tỉnh" means
	// "Cấp tỉnh" (all its meaningful words) rather than "Sở, ban, ngành, đoàn thể tỉnh" (one of five).
	return (
		uniqueBest(keyed, (t) => overlap(pairs(key), pairs(t.key))) ??
		uniqueBest(keyed, (t) => {
			const a = words(key);
			const b = words(t.key);
			const shared = overlap(a, b);
			return shared === 0 ? 0 : shared / (a.size + b.size - shared);
		})
	);
}

function words(key: string): Set<string> {
	return new Set(key.split(' ').filter((w) => w !== '' && !TIER_STOP_WORDS.has(w)));
}

function pairs(key: string): Set<string> {
	const w = key.split(' ');
	const out = new Set<string>();
	for (let i = 0; i + 1 < w.length; i++) {
		if (!(TIER_STOP_WORDS.has(w[i]) && TIER_STOP_WORDS.has(w[i + 1])))
			out.add(`${w[i]} ${w[i + 1]}`);
	}
	return out;
}

function overlap(a: Set<string>, b: Set<string>): number {
	let n = 0;
	for (const x of a) if (b.has(x)) n++;
	return n;
}

function uniqueBest<T extends { name: string }>(
	items: T[],
	score: (t: T) => number
): string | null {
	let best: T | null = null;
	let bestScore = 0;
	let tie = false;
	for (const t of items) {
		const s = score(t);
		if (s > bestScore) {
			best = t;
			bestScore = s;
			tie = false;
		} else if (s === bestScore && s > 0) tie = true;
	}
	return best && !tie ? best.name : null;
}

const HEADING_WORDS = ['dai bieu', 'khach moi', 'thanh phan', 'lanh dao', 'cac dong chi'];

/** Parses the delegate list of a table into drafts, problems, duplicate groups and counts. */
export function parseDelegateSheet(
	table: SheetTable,
	opts: {
		tiers: string[];
		/** tierAliasKey(wording) → tier name, chosen by the user for wordings that match no tier. */
		tierAliases?: Record<string, string>;
	}
): DelegateImportPreview {
	const { lists, unread } = locateLists(table, DELEGATE_FIELDS, differentColumns);
	const tiers = opts.tiers;
	const aliases = new Map(
		Object.entries(opts.tierAliases ?? {}).filter(([, name]) => tiers.includes(name))
	);
	const unmatched = new Map<string, UnmatchedTier>();
	const noteUnmatched = (text: string, rowNumber: number) => {
		const key = tierAliasKey(text);
		const u = unmatched.get(key) ?? { text, key, rowNumbers: [] };
		u.rowNumbers.push(rowNumber);
		unmatched.set(key, u);
	};
	const matchTier = (text: string): string | null =>
		aliases.get(tierAliasKey(text)) ?? matchTierName(text, tiers);
	const problems: ImportProblem[] = [];
	const skipped: SkippedRow[] = [];
	const drafts: DelegateDraft[] = [];

	// Several sheets: row numbers of the k-th are k × base + its Excel row, so every row of the
	// preview has its own number (the first sheet keeps Excel's numbers).
	let base = 1000;
	while (lists.some((l) => l.sheet.rows.length >= base)) base *= 10;
	const sheets: DelegateSheetInfo[] = lists.map((l, k) => ({
		name: l.sheet.name,
		rowOffset: k * base,
		headerRowNumbers: l.match.headerRowNumbers
	}));

	const nameColumnsOf = lists.map((l) =>
		nameColumns(l.match, l.sheet.rows.slice(l.match.headerIndex + 1))
	);

	lists.forEach((list, k) => {
		const offset = sheets[k].rowOffset;
		const { sheet, match } = list;
		const cols = match.columns;
		const cell = (cells: string[], f: DelegateField) => {
			const i = cols[f];
			return i === undefined ? '' : (cells[i] ?? '');
		};
		const dataRows = sheet.rows.slice(match.headerIndex + 1);
		const nameCols = nameColumnsOf[k];
		const nameOf = (cells: string[]) => {
			const parts = nameCols.map((c) => cells[c] ?? '');
			// One text in every name column is a cell merged across them, not a name said twice.
			if (parts.every((p) => p === parts[0])) return parts[0];
			return normalizeText(parts.filter(Boolean).join(' '));
		};

		type Section = {
			text: string;
			rowNumber: number;
			tierName: string | null;
			reported: boolean;
			/** The sheet's name standing for a section ("Cấp xã"), not a row of the list. */
			sheet: boolean;
		};
		// A workbook with one sheet per tier: the sheet's name gives the tier of its rows, as a
		// section heading would, until a heading in the sheet says otherwise.
		let section: Section | null =
			lists.length > 1
				? {
						text: sheet.name,
						rowNumber: offset + match.headerRowNumbers[0],
						tierName: tiers.length > 0 ? matchTier(sheet.name) : null,
						reported: true,
						sheet: true
					}
				: null;
		const where = (s: Section) => (s.sheet ? `trang "${s.text}"` : `mục "${s.text}"`);
		let subsection: string | null = null;
		let inFooter = false;

		for (const row of dataRows) {
			const n = offset + row.n;
			const cells = row.cells;
			const texts = distinctTexts(cells);
			if (texts.length === 0) continue;
			if (isRepeatedHeader(cells, match)) {
				skipped.push({ rowNumber: n, reason: 'header', text: texts.join(' | ') });
				continue;
			}
			if (isNumberingRow(cells)) {
				skipped.push({ rowNumber: n, reason: 'numbering', text: texts.join(' | ') });
				continue;
			}

			const stt = cell(cells, 'stt');
			let name = nameOf(cells);
			const phoneRaw = cell(cells, 'phone');
			const emailRaw = cell(cells, 'email');
			// A heading merged across the table puts its one text in every column, so the shapes
			// that rest on several filled columns need at least two distinct texts.
			const dataShape =
				normalizePhone(phoneRaw) !== null ||
				isValidEmail(emailRaw.toLowerCase()) ||
				(texts.length >= 2 &&
					name !== '' &&
					(/^\d+$/.test(stt) ||
						[cell(cells, 'position'), cell(cells, 'unit'), cell(cells, 'tier')].filter(Boolean)
							.length >= 2));

			// Joined, so "Cộng | 33" in two cells reads as one total line.
			if (!dataShape && isFooterText(texts.join(' '))) {
				inFooter = true;
				skipped.push({ rowNumber: n, reason: 'footer', text: texts.join(' | ') });
				continue;
			}

			const heading = dataShape
				? null
				: headingOf(
						cells,
						cols.stt,
						nameCols[0],
						(t) => readsLikeTierHeading(t, tiers) || aliases.has(tierAliasKey(t))
					);
			if (
				heading !== null &&
				(!inFooter || enumeratorStyle(heading) !== 'none' || matchTier(heading))
			) {
				inFooter = false;
				skipped.push({ rowNumber: n, reason: 'section', text: heading });
				const tierName = tiers.length > 0 ? matchTier(heading) : null;
				const style = enumeratorStyle(heading);
				if (tierName === null && section?.tierName && (style === 'number' || style === 'lower')) {
					// "1. Văn phòng UBND tỉnh" under "A. CẤP TỈNH": a group inside the tier, not a new tier.
					subsection = heading;
				} else {
					section = { text: heading, rowNumber: n, tierName, reported: false, sheet: false };
					subsection = null;
				}
				continue;
			}
			if (inFooter && !dataShape) {
				skipped.push({ rowNumber: n, reason: 'footer', text: texts.join(' | ') });
				continue;
			}
			if (
				texts.length === 1 &&
				cols.stt !== undefined &&
				columnsOf(cells, texts[0]).every((c) => c === cols.stt)
			) {
				// A numbered line left blank in a template.
				skipped.push({ rowNumber: n, reason: 'stt_only', text: texts[0] });
				continue;
			}
			inFooter = false;

			const rowProblems: ImportProblem[] = [];
			const report = (severity: ImportProblem['severity'], message: string, field?: string) =>
				rowProblems.push(problemAt(n, severity, message, field));

			let position = cell(cells, 'position');
			let unit = cell(cells, 'unit');
			// "Phó Giám đốc⏎Sở Tài chính" in the position column of a list without a unit.
			const positionLines = cols.position === undefined ? undefined : row.lines?.[cols.position];
			if (positionLines && unit === '') {
				const split = splitPositionLines(positionLines);
				if (split) ({ position, unit } = split);
			}
			// "Ông Nguyễn Văn An⏎Chủ tịch UBND tỉnh⏎UBND tỉnh": name, position, unit on the lines
			// of the name cell.
			const nameLines =
				nameCols.length === 1 || nameCols.every((c) => (cells[c] ?? '') === name)
					? row.lines?.[nameCols[0]]
					: undefined;
			const lined = nameLines
				? readNameLines(nameLines, cell(cells, 'position'), cell(cells, 'unit'), {
						position,
						unit
					})
				: null;
			if (lined?.kind === 'split') {
				({ name, position, unit } = lined);
			} else if (lined?.kind === 'unread') {
				report(
					'warning',
					`Ô họ tên có thêm dòng "${lined.rest}" ` +
						(lined.why === 'contact'
							? '(có số điện thoại hoặc email)'
							: cell(cells, 'position') === ''
								? '(không nhận ra là chức vụ)'
								: `(cột chức vụ đã ghi "${cell(cells, 'position')}")`) +
						': đã giữ nguyên, hãy kiểm tra họ tên',
					'fullName'
				);
			}
			// "Nguyễn Văn An - Chủ tịch UBND tỉnh": the position typed after the name.
			const joined = lined ? null : splitNameCell(name);
			if (joined) {
				if (position === '' && looksLikePosition(joined.rest)) {
					name = joined.name;
					position = joined.rest;
				} else {
					report(
						'warning',
						`Ô họ tên có thêm "${joined.rest}" sau dấu "${joined.separator}" ` +
							(position === ''
								? '(không nhận ra là chức vụ)'
								: `(cột chức vụ đã ghi "${position}")`) +
							': đã giữ nguyên, hãy kiểm tra họ tên',
						'fullName'
					);
				}
			}

			const stripped = stripSalutation(name);
			const fullName = stripped.name;
			if (fullName === '') report('error', 'Thiếu họ tên', 'fullName');

			const salutationCell = cell(cells, 'salutation');
			const gender = cell(cells, 'gender');
			const fromColumn = guessSalutation(salutationCell) ?? guessSalutation(gender);
			const salutation = stripped.salutation ?? fromColumn;
			const columnSaid = gender ? `giới tính "${gender}"` : `danh xưng "${salutationCell}"`;
			if (stripped.salutation && fromColumn && stripped.salutation !== fromColumn) {
				report(
					'warning',
					`Danh xưng "${stripped.salutation}" trong họ tên không khớp với cột ${columnSaid}`,
					'salutation'
				);
			}

			const phone = readPhone(phoneRaw, report);
			const email = readEmail(emailRaw, report);
			if (
				fullName !== '' &&
				phone === null &&
				email === null &&
				phoneRaw === '' &&
				emailRaw === ''
			) {
				report('warning', 'Không có thông tin liên hệ (điện thoại, email)');
			}

			let tierName: string | null = null;
			const tierCell = cell(cells, 'tier');
			if (tiers.length > 0) {
				if (tierCell !== '') {
					tierName = matchTier(tierCell);
					if (tierName === null) {
						noteUnmatched(tierCell, n);
						report(
							'error',
							`Không xác định được cấp đại biểu: "${tierCell}" không khớp cấp nào của hội nghị`,
							'tierName'
						);
					} else if (section?.tierName && section.tierName !== tierName) {
						report(
							'warning',
							`Cột cấp ghi "${tierCell}" nhưng dòng nằm trong ${where(section)}: đã lấy theo cột`,
							'tierName'
						);
					}
				} else if (section?.tierName) {
					tierName = section.tierName;
				} else if (tiers.length === 1) {
					// One tier: every delegate is in it, whatever the headings say.
					tierName = tiers[0];
				} else if (section) {
					noteUnmatched(section.text, n);
					report(
						'error',
						`Không xác định được cấp đại biểu: ${where(section)} ` +
							'không khớp cấp nào của hội nghị',
						'tierName'
					);
					if (!section.reported) {
						section.reported = true;
						problems.push({
							rowNumber: section.rowNumber,
							field: 'tierName',
							severity: 'error',
							message:
								`Mục "${section.text}" không khớp cấp đại biểu nào của hội nghị ` +
								`(${tiers.join(', ')})`
						});
					}
				} else {
					report('error', 'Không xác định được cấp đại biểu', 'tierName');
				}
			}

			drafts.push({
				rowNumber: n,
				sourceRowNumbers: [n],
				fullName,
				salutation,
				position: position || null,
				unit: unit || null,
				phone,
				email,
				tierName,
				notes: cell(cells, 'notes') || null,
				seat: cell(cells, 'seat') || null,
				places: readPlaces(cell(cells, 'places'), report),
				section: subsection ?? section?.text ?? null
			});
			problems.push(...rowProblems);
		}
	});

	const dup = findDuplicates(
		drafts,
		(d) => [
			{ reason: 'identity', key: d.fullName ? delegateIdentityKey(d.fullName, d.unit) : null },
			{ reason: 'email', key: d.email },
			{ reason: 'phone', key: d.phone }
		],
		(d) =>
			JSON.stringify([
				d.fullName,
				d.salutation,
				d.position,
				d.unit,
				d.phone,
				d.email,
				d.tierName,
				d.notes,
				d.seat,
				d.places
			]),
		(reason, other) =>
			reason === 'identity'
				? `Trùng với dòng ${sheetRowLabel(sheets, other)} (cùng họ tên và đơn vị)`
				: reason === 'email'
					? `Dùng chung email với dòng ${sheetRowLabel(sheets, other)} (người khác: có thể là hộp thư chung, hãy kiểm tra)`
					: `Dùng chung số điện thoại với dòng ${sheetRowLabel(sheets, other)} (người khác: có thể là số máy chung, hãy kiểm tra)`,
		'fullName',
		// Two different people behind one mailbox or switchboard is common; only the same person
		// twice (name + unit) blocks the import.
		['email', 'phone']
	);
	// A folded row's own problems repeat those of the row it was folded into.
	const folded = new Set(dup.kept.flatMap((d) => d.sourceRowNumbers.slice(1)));
	const allProblems = [...problems.filter((p) => !folded.has(p.rowNumber)), ...dup.problems];

	const rows = dup.kept;
	const byTier: Record<string, number> = {};
	for (const t of tiers) byTier[t] = 0;
	for (const d of rows) if (d.tierName !== null) byTier[d.tierName] = (byTier[d.tierName] ?? 0) + 1;

	const main = lists[0];
	const warnings = [...table.warnings];
	if (lists.length > 1) {
		// The preview page names each row by its sheet and Excel row; `sheets` gives API clients the offsets.
		const parts = lists.map((l) => `“${l.sheet.name}” (${l.sheet.rows.length} dòng)`);
		warnings.push(
			`Đã đọc ${lists.length} trang danh sách, theo thứ tự: ${parts.join('; ')}. ` +
				'Cấp của đại biểu lấy theo tên trang khi dòng không có cột cấp hay mục riêng.'
		);
	}
	for (const u of unread) {
		warnings.push(
			`Trang “${u.sheet.name}” không được đọc, người có tên trên trang đó (nếu có) ` +
				`chưa có trong danh sách nhập: ${lowerFirst(u.reason)}`
		);
	}

	return {
		sheetName: main.sheet.name,
		headerRowNumbers: main.match.headerRowNumbers,
		sheets,
		columns: previewColumns(main.match, nameColumnsOf[0]),
		rows,
		problems: sortProblems(allProblems),
		duplicates: dup.groups,
		skipped,
		stats: {
			total: rows.length,
			byTier,
			withoutTier: rows.filter((d) => d.tierName === null).length,
			withoutEmail: rows.filter((d) => d.email === null).length,
			withoutPhone: rows.filter((d) => d.phone === null).length
		},
		warnings,
		unmatchedTiers: [...unmatched.values()]
	};
}

const NAME_PARTS: DelegateField[] = ['familyName', 'fullName', 'middleName', 'givenName'];
const NAME_PART_ORDER: Partial<Record<DelegateField, number>> = {
	familyName: 0,
	fullName: 0,
	middleName: 1,
	givenName: 2
};

/**
 * The columns a sheet's names are read from, in name order: "Họ và tên"; or "Họ" (or "Họ đệm",
 * "Họ và tên đệm") | "Tên đệm" | "Tên", joined. When the first column already ends with the given
 * name in most rows (a "Tên" column kept beside "Họ và tên" to sort the list, or the whole name
 * typed under "Họ"), the given name is not read twice.
 */
function nameColumns(match: HeaderMatch<DelegateField>, dataRows: SheetRow[]): number[] {
	const cols = match.columns;
	const parts = NAME_PARTS.filter((f) => cols[f] !== undefined)
		.map((f) => ({ f, col: cols[f] as number }))
		.sort((a, b) => (NAME_PART_ORDER[a.f] ?? 0) - (NAME_PART_ORDER[b.f] ?? 0) || a.col - b.col);
	const lead = parts.filter((p) => p.f === 'fullName' || p.f === 'familyName');
	const after = parts.filter((p) => p.f === 'middleName' || p.f === 'givenName');
	if (lead.length > 0 && after.length > 0) {
		let both = 0;
		let repeated = 0;
		for (const r of dataRows) {
			const leadText = lead.map((p) => r.cells[p.col] ?? '').join(' ');
			const restText = after.map((p) => r.cells[p.col] ?? '').join(' ');
			const first = searchKey(leadText);
			const rest = searchKey(restText);
			// Merged across the columns (a heading, an office): says nothing.
			if (first === '' || rest === '' || leadText.trim() === restText.trim()) continue;
			both++;
			if (first.endsWith(` ${rest}`)) repeated++;
		}
		// Under "Họ và tên" one row is enough to tell; under "Họ" a few, as a name may repeat a
		// word ("Trần Văn" | "Văn").
		const enough = cols.fullName !== undefined ? 1 : 3;
		if (both >= enough && repeated * 2 > both) return lead.map((p) => p.col);
	}
	return parts.map((p) => p.col);
}

/**
 * Field → column and header for the preview; the columns the names are read from show as one
 * "Họ và tên" ("Họ và tên đệm + Tên").
 */
function previewColumns(
	match: HeaderMatch<DelegateField>,
	nameCols: number[]
): DelegateImportPreview['columns'] {
	const columns: DelegateImportPreview['columns'] = {};
	for (const [f, index] of Object.entries(match.columns) as [DelegateField, number][]) {
		if (!NAME_PARTS.includes(f)) columns[f] = { index, header: match.headers[index] ?? '' };
	}
	const headers = [...new Set(nameCols.map((i) => match.headers[i] ?? ''))];
	columns.fullName = { index: nameCols[0], header: joinHeaders(headers) };
	return columns;
}

/** "Họ và tên Họ đệm", "Họ và tên Tên" → "Họ và tên (Họ đệm + Tên)"; else "Họ + Tên". */
function joinHeaders(headers: string[]): string {
	if (headers.length < 2) return headers[0] ?? '';
	const words = headers.map((h) => h.split(' '));
	let common = 0;
	while (words.every((w) => common < w.length - 1 && w[common] === words[0][common])) common++;
	if (common === 0) return headers.join(' + ');
	const rest = words.map((w) => w.slice(common).join(' '));
	return `${words[0].slice(0, common).join(' ')} (${rest.join(' + ')})`;
}

const CORE_FIELD: Partial<Record<DelegateField, DelegateField>> = {
	familyName: 'fullName',
	middleName: 'fullName',
	givenName: 'fullName',
	gender: 'salutation'
};
// Columns a sheet may have or not without being another kind of list.
const EXTRA_FIELDS = new Set<DelegateField>(['stt', 'notes', 'seat', 'places']);

function coreFields(match: HeaderMatch<DelegateField>): Set<DelegateField> {
	const out = new Set<DelegateField>();
	for (const f of Object.keys(match.columns) as DelegateField[]) {
		if (!EXTRA_FIELDS.has(f)) out.add(CORE_FIELD[f] ?? f);
	}
	return out;
}

/**
 * Null when another sheet's columns mean the same as the main sheet's (the same template, one
 * column more or less at most, order and wording free); otherwise what differs, in Vietnamese.
 */
function differentColumns(
	main: LocatedList<DelegateField>,
	other: LocatedList<DelegateField>
): string | null {
	const a = coreFields(main.match);
	const b = coreFields(other.match);
	const label = (f: DelegateField) =>
		`"${DELEGATE_FIELDS.find((x) => x.key === f)?.label ?? f}"`;
	const order = DELEGATE_FIELDS.map((x) => x.key);
	const missing = order.filter((f) => a.has(f) && !b.has(f));
	const extra = order.filter((f) => b.has(f) && !a.has(f));
	if (missing.length + extra.length <= 1) return null;
	const what = [
		missing.length > 0 ? `thiếu cột ${missing.map(label).join(', ')}` : '',
		extra.length > 0 ? `có thêm cột ${extra.map(label).join(', ')}` : ''
	]
		.filter(Boolean)
		.join(', ');
	return (
		`các cột không cùng mẫu với trang “${main.sheet.name}” (${what}). ` +
		'Hãy sửa tiêu đề cột cho giống trang đó, hoặc tải trang này lên riêng.'
	);
}

// " - ", " – " or ", " between a name and what follows it in the same cell.
const NAME_CELL_SEPARATOR = /\s[-–—]\s|,\s/;

/** "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh" → name and the rest; null without a separator. */
function splitNameCell(text: string): { name: string; rest: string; separator: string } | null {
	const m = NAME_CELL_SEPARATOR.exec(text);
	if (!m) return null;
	const name = text.slice(0, m.index).trim();
	const rest = text.slice(m.index + m[0].length).trim();
	if (name === '' || rest === '') return null;
	return { name, rest, separator: m[0].trim() };
}

/** What the lines of a name cell say, beside the position and unit already read for the row. */
type NameLines =
	| { kind: 'split'; name: string; position: string; unit: string }
	/** Not understood: the name stays joined and the row is flagged. */
	| { kind: 'unread'; rest: string; why: 'position' | 'contact' }
	/** One name wrapped over lines ("Nguyễn Thị⏎Minh Khai"): read as the joined text. */
	| null;

// A line that is only a form of address ("Ông", "Bà", "Đồng chí"), the name on the next line.
const SALUTATION_LINE = /^(?:ông|bà|ông\s*\/\s*bà|đồng chí|đ\s*\/\s*c|ô\.|b\.)\s*[.:]?$/iu;

/**
 * The lines of a name cell: the name on the first, then the position, then the unit ("Bà Trần
 * Thị B⏎Phó Giám đốc⏎Sở Tài chính"). `positionCell`/`unitCell` are the row's own cells; `current`
 * what was read for them so far (a unit may come from the position cell's lines). Lines that only
 * repeat those cells are dropped; a position is taken only when the row has none.
 */
function readNameLines(
	raw: string[],
	positionCell: string,
	unitCell: string,
	current: { position: string; unit: string }
): NameLines {
	const lines = [...raw];
	// "Ông⏎Nguyễn Văn An": the salutation belongs to the name.
	while (lines.length > 1 && SALUTATION_LINE.test(lines[0])) {
		lines.splice(0, 2, `${lines[0]} ${lines[1]}`);
	}
	if (lines.length < 2) return null;
	// "Ông Nguyễn Văn An, Giám đốc⏎Sở Y tế": the first line already carries the position.
	const first = splitNameCell(lines[0]);
	if (first && looksLikePosition(first.rest)) lines.splice(0, 1, first.name, first.rest);
	const [name, ...later] = lines;
	const rest = later.join(' / ');
	if (looksLikePosition(name)) return { kind: 'unread', rest, why: 'position' };
	const filled = [positionCell, unitCell].filter(Boolean);
	if (filled.length > 0 && later.every((l) => containedIn(l, filled))) {
		return { kind: 'split', name, ...current };
	}
	if (!looksLikePosition(later[0])) {
		return wrappedName(lines) ? null : { kind: 'unread', rest, why: 'position' };
	}
	if (current.position !== '') return { kind: 'unread', rest, why: 'position' };
	if (later.some(isContactText)) return { kind: 'unread', rest, why: 'contact' };
	const split = splitPositionLines(later, true);
	if (!split) return { kind: 'unread', rest, why: 'position' };
	let { position, unit } = split;
	if (current.unit !== '' && unit !== '') {
		// A unit line beside a filled unit cell: dropped when it repeats the cell, else it stays
		// with the position it qualifies ("Phó Giám đốc" + "Sở Tài chính").
		if (!containedIn(unit, [current.unit])) position = `${position} ${unit}`;
		unit = current.unit;
	} else if (unit === '') unit = current.unit;
	return { kind: 'split', name, position, unit };
}

/**
 * "Phó Giám đốc⏎Sở Tài chính" → position and unit: the first line and the lines after it that are
 * positions too make the position, the rest the unit. A line starting in lower case continues the
 * one above ("kiêm Trưởng ban …", "tỉnh Ninh Thuận"). Null when a line is a phone or an email, when
 * a position follows the unit, or when nothing is left for the unit (unless `unitOptional`).
 */
function splitPositionLines(
	raw: string[],
	unitOptional = false
): { position: string; unit: string } | null {
	if (raw.some(isContactText)) return null;
	const lines: string[] = [];
	for (const l of raw) {
		if (lines.length > 0 && /^\p{Ll}/u.test(l)) lines[lines.length - 1] += ` ${l}`;
		else lines.push(l);
	}
	let position = lines[0];
	let i = 1;
	for (; i < lines.length && looksLikePosition(lines[i]); i++) position = `${position}, ${lines[i]}`;
	const unitLines = lines.slice(i);
	if (unitLines.some(looksLikePosition)) return null;
	if (unitLines.length === 0 && !unitOptional) return null;
	return { position, unit: unitLines.join(' ') };
}

/** A phone number or an email on a line ("ĐT: 0912 345 678", "an@stc.gov.vn"). */
function isContactText(text: string): boolean {
	return (
		/\S@\S/.test(text) ||
		normalizePhone(text) !== null ||
		/\d{8,}/.test(text.replace(/[\s.\-()+]/g, ''))
	);
}

/** True when `line` is, as words, inside one of `texts` (unit abbreviations expanded). */
function containedIn(line: string, texts: string[]): boolean {
	const key = unitKey(line);
	return key !== '' && texts.some((t) => keyHasPhrase(unitKey(t), key));
}

/** A long name broken over lines: short later lines, no digits, a name's length in all. */
function wrappedName(lines: string[]): boolean {
	const later = lines.slice(1);
	const words = stripSalutation(lines.join(' ')).name.split(' ').length;
	return (
		words <= 6 &&
		later.every((l) => l.split(' ').length <= 2 && !/\d/.test(l) && /^\p{Lu}/u.test(l))
	);
}

// Positions, as search keys: those the protocol ranks know (rank.ts), and more.
const POSITION_PHRASES = new Set([
	...RANK_RULES.flatMap((r) => r.position ?? []).map((p) => p.trim()),
	'chu tich',
	'pho chu tich',
	'bi thu',
	'pho bi thu',
	'giam doc',
	'pho giam doc',
	'tong giam doc',
	'pho tong giam doc',
	'truong ban',
	'pho truong ban',
	'truong phong',
	'pho truong phong',
	'chanh van phong',
	'chanh thanh tra',
	'chanh an',
	'pho chanh an',
	'vien truong',
	'chu nhiem',
	'pho chu nhiem',
	'uy vien',
	'dai bieu',
	'thanh vien',
	'thuong truc',
	'chuyen vien',
	'can bo',
	'thu ky',
	'tong thu ky',
	'tro ly',
	'chinh uy',
	'pho chinh uy',
	'chi huy truong',
	'hieu truong',
	'hieu pho',
	'ke toan truong',
	'ky su',
	'luat su',
	'duoc si',
	'dai tuong',
	'thuong tuong',
	'trung tuong',
	'thieu tuong',
	'dai ta',
	'thuong ta',
	'trung ta',
	'thieu ta',
	'dai uy',
	'thuong uy',
	'trung uy',
	'thieu uy',
	// Abbreviations: Phó Chủ tịch, Phó Giám đốc, Phó Bí thư.
	'pct',
	'pgd',
	'pbt'
]);
// First words whose accents matter: "Trưởng", not "Trường" (a school); "Phó", not "phố".
const POSITION_WORDS = ['trưởng', 'phó', 'chánh', 'nguyên', 'quyền'];

/** True when a text starts with a position: "Chủ tịch UBND tỉnh", "Trưởng phòng", "PCT UBND xã". */
export function looksLikePosition(text: string): boolean {
	const key = searchKey(text);
	const words = key.split(' ');
	for (let i = Math.min(words.length, 5); i >= 1; i--) {
		if (POSITION_PHRASES.has(words.slice(0, i).join(' '))) return true;
	}
	const first = normalizeText(text).toLocaleLowerCase('vi').split(/[\s.,:]/)[0];
	return POSITION_WORDS.includes(first);
}

/** "2", "02", "2 người", "02 đ/c" → 2; blank → null; anything else is reported and ignored. */
function readPlaces(
	raw: string,
	report: (severity: ImportProblem['severity'], message: string, field?: string) => void
): number | null {
	if (raw === '') return null;
	const m = /^0*(\d{1,3})\s*(?:người|ng|đ\/c|đc|đồng chí|suất|đại biểu)?\.?$/iu.exec(raw.trim());
	const n = m ? Number(m[1]) : NaN;
	if (!Number.isInteger(n) || n < 1 || n > 100) {
		report('warning', `Số lượng không hợp lệ: ${raw}`, 'places');
		return null;
	}
	return n;
}

/** Alone in the name column, a text is a heading only if it reads like one ("Khách mời cấp xã"). */
function readsLikeTierHeading(text: string, tiers: string[]): boolean {
	const key = searchKey(text);
	if (HEADING_WORDS.some((w) => keyHasPhrase(key, w))) return true;
	// The tier's name as a phrase ("Cấp tỉnh"), never a loose word match: a person may be called
	// "Nguyễn Văn Tỉnh".
	return key.split(' ').length <= 6 && tiers.some((t) => keyHasPhrase(key, searchKey(t)));
}

function readPhone(
	raw: string,
	report: (severity: ImportProblem['severity'], message: string, field?: string) => void
): string | null {
	if (raw === '') return null;
	const direct = normalizePhone(raw);
	if (direct) return direct;
	// Two numbers in one cell ("0912 345 678 - 0259 3822 123", "0912345678/0987654321").
	const parts = raw.split(/\s*[;,/|\n]\s*|\s+[-–]\s+|\s+(?:hoặc|hoac|or)\s+/i).filter(Boolean);
	if (parts.length > 1) {
		const valid = parts.map(normalizePhone).filter((p): p is string => p !== null);
		if (valid.length > 0) {
			report('warning', `Có nhiều số điện thoại, đã lấy số đầu tiên: ${valid[0]}`, 'phone');
			return valid[0];
		}
	}
	report('warning', `Số điện thoại không hợp lệ: ${raw}`, 'phone');
	return null;
}

function readEmail(
	raw: string,
	report: (severity: ImportProblem['severity'], message: string, field?: string) => void
): string | null {
	if (raw === '') return null;
	const cleaned = raw
		.toLowerCase()
		.replace(/^mailto:/, '')
		.replace(/^<|>$/g, '')
		.trim();
	if (isValidEmail(cleaned)) return cleaned;
	const parts = cleaned.split(/[\s;,/|]+/).filter(Boolean);
	const valid = parts.filter(isValidEmail);
	if (parts.length > 1 && valid.length > 0) {
		report('warning', `Có nhiều email, đã lấy email đầu tiên: ${valid[0]}`, 'email');
		return valid[0];
	}
	report('warning', `Email không hợp lệ: ${raw}`, 'email');
	return null;
}
