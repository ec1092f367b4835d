/**
 * The list attached to a khen thưởng decision ("Danh sách … (Kèm theo Quyết định số 512/QĐ-UBND
 * ngày 10/4/2024 …)"): sections "I. TẬP THỂ", "II. CÁ NHÂN", "III. HỘ GIA ĐÌNH" give the recipient
 * kind of the rows under them. Pure: no database.
 */
import {
	guessSalutation,
	isValidCalendarDate,
	searchKey,
	stripSalutation,
	type Salutation
} from '$lib/format';
import { isRepeatedHeader, locateList, type FieldSpec } from './header';
import type { SheetRow, SheetTable } from './read-table';
import {
	columnsOf,
	distinctTexts,
	enumeratorStyle,
	findDuplicates,
	headingOf,
	isFooterText,
	isNumberingRow,
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

/** Who receives the award. */
export type AwardKind = 'collective' | 'individual' | 'household';

/** How decisions and certificates name each kind. */
export const AWARD_KIND_LABELS: Record<AwardKind, string> = {
	collective: 'Tập thể',
	individual: 'Cá nhân',
	household: 'Hộ gia đình'
};

/** Columns an award list may have. */
export type AwardField =
	'stt' | 'name' | 'position' | 'unit' | 'kind' | 'achievement' | 'awardForm' | 'gender' | 'notes';

/** Header synonyms for award lists (matched by search key, see header.ts). */
export const AWARD_FIELDS: FieldSpec<AwardField>[] = [
	{ key: 'stt', label: 'STT', synonyms: ['STT', 'TT', 'Số TT', 'Số thứ tự'] },
	{
		key: 'name',
		label: 'Tên tập thể, cá nhân',
		required: true,
		synonyms: [
			'Tên tập thể, cá nhân',
			'Tên tập thể, cá nhân, hộ gia đình',
			'Tên tập thể/cá nhân',
			'Tên đơn vị, cá nhân',
			'Tên tập thể',
			'Tên cá nhân',
			'Tên hộ gia đình',
			'Họ và tên',
			'Họ tên',
			'Tên',
			'Tên đơn vị'
		]
	},
	{ key: 'position', label: 'Chức vụ', synonyms: ['Chức vụ', 'Chức danh', 'Chức vụ, đơn vị'] },
	{
		key: 'unit',
		label: 'Đơn vị / Địa chỉ',
		synonyms: [
			'Đơn vị',
			'Địa chỉ',
			'Đơn vị / Địa chỉ',
			'Cơ quan',
			'Cơ quan, đơn vị',
			'Đơn vị công tác',
			'Nơi công tác',
			'Nơi cư trú',
			'Quê quán'
		]
	},
	{
		key: 'kind',
		label: 'Loại',
		synonyms: ['Loại', 'Loại đối tượng', 'Đối tượng', 'Phân loại', 'Tập thể/Cá nhân']
	},
	{
		key: 'achievement',
		label: 'Thành tích',
		synonyms: [
			'Thành tích',
			'Nội dung thành tích',
			'Tóm tắt thành tích',
			'Thành tích đạt được',
			'Lý do khen thưởng',
			'Nội dung khen thưởng'
		]
	},
	{
		key: 'awardForm',
		label: 'Hình thức khen thưởng',
		synonyms: [
			'Hình thức khen thưởng',
			'Hình thức',
			'Loại khen thưởng',
			'Danh hiệu',
			'Hình thức khen'
		]
	},
	{ key: 'gender', label: 'Giới tính', synonyms: ['Giới tính', 'Nam/Nữ'] },
	{ key: 'notes', label: 'Ghi chú', synonyms: ['Ghi chú'] }
];

/** One recipient as read from the list. */
export interface AwardDraft {
	rowNumber: number;
	sourceRowNumbers: number[];
	kind: AwardKind | null;
	/**
	 * As printed on the certificate: a collective's name, an individual's name without "Ông"/"Bà",
	 * a household as written ("Hộ ông Nguyễn Văn A"). '' when missing (the row has an error).
	 */
	name: string;
	/** Individual's, or the household head's, when known. */
	salutation: Salutation | null;
	/** "Nguyễn Văn A" for "Hộ ông Nguyễn Văn A". */
	householdHead: string | null;
	position: string | null;
	unit: string | null;
	achievement: string | null;
	awardForm: string | null;
	notes: string | null;
	/** The section heading the row sat under ("II. CÁ NHÂN"). */
	section: string | null;
}

/** The decision a list says it is attached to, read from its title rows. */
export interface DecisionHints {
	/** "512/QĐ-UBND"; null when absent or left blank ("số    /QĐ-UBND"). */
	number: string | null;
	/** ISO date "2024-04-10". */
	date: string | null;
	/** "Chủ tịch Ủy ban nhân dân tỉnh". */
	issuer: string | null;
	/** The title line the hints came from. */
	text: string | null;
}

/** Counts for the preview. */
export interface AwardImportStats {
	total: number;
	byKind: Record<AwardKind, number>;
	withoutKind: number;
}

/** What parseAwardSheet hands to the review screen and the import service. */
export interface AwardImportPreview {
	sheetName: string;
	headerRowNumbers: number[];
	columns: Partial<Record<AwardField, { index: number; header: string }>>;
	decisionHints: DecisionHints;
	rows: AwardDraft[];
	problems: ImportProblem[];
	duplicates: DuplicateGroup[];
	skipped: SkippedRow[];
	stats: AwardImportStats;
	warnings: string[];
}

/** The kind a heading or "Loại" cell names ("II. CÁ NHÂN" → individual); null: none or several. */
export function awardKindFromText(text: string): AwardKind | null {
	const key = searchKey(stripEnumerator(text));
	const found = new Set<AwardKind>();
	if (keyHasPhrase(key, 'tap the') || key === 'tt' || key === 'don vi') found.add('collective');
	if (keyHasPhrase(key, 'ca nhan') || key === 'cn') found.add('individual');
	if (keyHasPhrase(key, 'gia dinh') || key === 'ho' || key === 'hgd') found.add('household');
	return found.size === 1 ? [...found][0] : null;
}

// "Hộ ông Nguyễn Văn A", "Hộ gia đình bà Trần Thị B", "Gia đình ông C". Matched on the accented
// text: "Hồ Văn D" (family name Hồ) must stay a person.
const HOUSEHOLD = /^(?:hộ\s+gia\s+đình|hộ|gia\s+đình)\s*:?\s+(?:(ông|bà)\s*:?\s+)?(\p{L}.*)$/iu;

/** Splits "Hộ ông Nguyễn Văn A" into head and salutation; null when not a household's name. */
export function parseHouseholdName(
	name: string
): { head: string; salutation: Salutation | null } | null {
	const m = HOUSEHOLD.exec(name);
	if (!m) return null;
	const s = m[1] ? (m[1].toLocaleLowerCase('vi') === 'ông' ? 'Ông' : 'Bà') : null;
	return { head: m[2].trim(), salutation: s };
}

// First words of collective names, on the lower-cased accented text: "Trường THCS" is a school,
// "Trương Văn A" a person; "Tổ" a team, "Tô" a family name.
const COLLECTIVE_STARTS = [
	'phòng ',
	'ủy ban',
	'uỷ ban',
	'ubnd',
	'hđnd',
	'hội ',
	'chi hội',
	'sở ',
	'ban ',
	'trường ',
	'công ty',
	'tổng công ty',
	'hợp tác xã',
	'htx',
	'thôn ',
	'ấp ',
	'làng ',
	'bản ',
	'buôn ',
	'khu phố',
	'tổ ',
	'đoàn thanh niên',
	'đoàn tncs',
	'đoàn đại biểu',
	'tỉnh đoàn',
	'huyện đoàn',
	'chi đoàn',
	'chi bộ',
	'đảng bộ',
	'đảng ủy',
	'đảng uỷ',
	'trung tâm',
	'bệnh viện',
	'trạm ',
	'ngân hàng',
	'văn phòng',
	'cục ',
	'chi cục',
	'liên đoàn',
	'công đoàn',
	'mặt trận',
	'mttq',
	'xã ',
	'phường ',
	'thị trấn',
	'huyện ',
	'thành phố',
	'thị xã',
	'nhóm ',
	'câu lạc bộ',
	'clb',
	'đội ',
	'khối ',
	'công an',
	'bộ chỉ huy',
	'ban chỉ huy',
	'viện ',
	'học viện',
	'chi nhánh',
	'báo ',
	'đài ',
	'tập thể',
	'lớp ',
	'khoa ',
	'thanh tra',
	'kho bạc',
	'tòa án',
	'toà án',
	'quỹ ',
	'doanh nghiệp',
	'cửa hàng'
];

/** Parses an award list into drafts, decision hints, problems, duplicate groups and counts. */
export function parseAwardSheet(table: SheetTable): AwardImportPreview {
	const { sheet, match } = locateList(table, AWARD_FIELDS);
	const cols = match.columns;
	const cell = (cells: string[], f: AwardField) => {
		const i = cols[f];
		return i === undefined ? '' : (cells[i] ?? '');
	};
	const problems: ImportProblem[] = [];
	const skipped: SkippedRow[] = [];
	const drafts: AwardDraft[] = [];

	let sectionKind: AwardKind | null = null;
	let sectionText: string | null = null;
	let subsection: string | null = null;
	let inFooter = false;

	for (const row of sheet.rows.slice(match.headerIndex + 1)) {
		const cells = row.cells;
		const texts = distinctTexts(cells);
		if (texts.length === 0) continue;
		if (isRepeatedHeader(cells, match)) {
			skipped.push({ rowNumber: row.n, reason: 'header', text: texts.join(' | ') });
			continue;
		}
		if (isNumberingRow(cells)) {
			skipped.push({ rowNumber: row.n, reason: 'numbering', text: texts.join(' | ') });
			continue;
		}
		const stt = cell(cells, 'stt');
		const rawName = cell(cells, 'name');
		const filled = (['position', 'unit', 'kind', 'achievement', 'awardForm'] as const).filter(
			(f) => cell(cells, f) !== ''
		).length;
		// Two distinct texts at least: a heading merged across the table fills every column.
		const dataShape = texts.length >= 2 && rawName !== '' && (/^\d+$/.test(stt) || filled >= 1);

		if (!dataShape && isFooterText(texts.join(' '))) {
			inFooter = true;
			skipped.push({ rowNumber: row.n, reason: 'footer', text: texts.join(' | ') });
			continue;
		}
		const heading = dataShape
			? null
			: headingOf(
					cells,
					cols.stt,
					cols.name,
					(t) => awardKindFromText(t) !== null && t.split(' ').length <= 5
				);
		if (
			heading !== null &&
			(!inFooter || enumeratorStyle(heading) !== 'none' || awardKindFromText(heading))
		) {
			inFooter = false;
			skipped.push({ rowNumber: row.n, reason: 'section', text: heading });
			const kind = awardKindFromText(heading);
			const style = enumeratorStyle(heading);
			if (kind === null && sectionKind !== null && (style === 'number' || style === 'lower')) {
				// "1. Huyện Bác Ái" inside "II. CÁ NHÂN": a grouping, the kind carries on.
				subsection = heading;
			} else {
				sectionKind = kind;
				sectionText = heading;
				subsection = null;
			}
			continue;
		}
		if (inFooter && !dataShape) {
			skipped.push({ rowNumber: row.n, reason: 'footer', text: texts.join(' | ') });
			continue;
		}
		if (
			texts.length === 1 &&
			cols.stt !== undefined &&
			columnsOf(cells, texts[0]).every((c) => c === cols.stt)
		) {
			skipped.push({ rowNumber: row.n, reason: 'stt_only', text: texts[0] });
			continue;
		}
		inFooter = false;

		const report = (severity: ImportProblem['severity'], message: string, field?: string) =>
			problems.push(problemAt(row.n, severity, message, field));

		const position = cell(cells, 'position') || null;
		const gender = cell(cells, 'gender');
		const household = rawName ? parseHouseholdName(rawName) : null;
		const kindCell = cell(cells, 'kind');

		let kind: AwardKind | null = null;
		if (kindCell !== '') {
			kind = awardKindFromText(kindCell);
			if (kind === null) report('warning', `Không hiểu loại "${kindCell}"`, 'kind');
		}
		kind ??= sectionKind ?? (household ? 'household' : null);
		if (kind === null && rawName !== '') {
			kind = guessKind(rawName, position, gender);
			if (kind !== null) {
				report(
					'warning',
					`Không rõ loại, đã đoán là "${AWARD_KIND_LABELS[kind]}": hãy kiểm tra`,
					'kind'
				);
			}
		}
		if (household && kind !== null && kind !== 'household') {
			report(
				'warning',
				`Tên có dạng hộ gia đình nhưng dòng được xếp là "${AWARD_KIND_LABELS[kind]}"`,
				'kind'
			);
		}

		let name = rawName;
		let salutation: Salutation | null = null;
		let householdHead: string | null = null;
		if (kind === 'individual') {
			const stripped = stripSalutation(rawName);
			name = stripped.name;
			salutation = stripped.salutation ?? guessSalutation(gender);
		} else if (kind === 'household' && household) {
			householdHead = household.head;
			salutation = household.salutation;
		}

		if (name === '') report('error', 'Thiếu tên tập thể, cá nhân', 'name');
		else if (kind === null) {
			report('error', 'Không xác định được loại (tập thể, cá nhân hay hộ gia đình)', 'kind');
		}
		const achievement = cell(cells, 'achievement') || null;
		if (name !== '' && cols.achievement !== undefined && achievement === null) {
			report('warning', 'Thiếu nội dung thành tích', 'achievement');
		}

		drafts.push({
			rowNumber: row.n,
			sourceRowNumbers: [row.n],
			kind,
			name,
			salutation,
			householdHead,
			position,
			unit: cell(cells, 'unit') || null,
			achievement,
			awardForm: cell(cells, 'awardForm') || null,
			notes: cell(cells, 'notes') || null,
			section: subsection ?? sectionText
		});
	}

	const dup = findDuplicates(
		drafts,
		(d) => [
			{
				reason: 'identity',
				key: d.name ? `${d.kind}|${searchKey(d.name)}|${unitKey(d.unit)}` : null
			}
		],
		(d) =>
			JSON.stringify([
				d.kind,
				d.name,
				d.salutation,
				d.position,
				d.unit,
				d.achievement,
				d.awardForm,
				d.notes
			]),
		(_reason, other) => `Trùng với dòng ${other} (cùng tên và đơn vị)`,
		'name'
	);
	const folded = new Set(dup.kept.flatMap((d) => d.sourceRowNumbers.slice(1)));
	const rows = dup.kept;

	const byKind: Record<AwardKind, number> = { collective: 0, individual: 0, household: 0 };
	for (const d of rows) if (d.kind) byKind[d.kind]++;

	const columns: AwardImportPreview['columns'] = {};
	for (const [f, index] of Object.entries(cols) as [AwardField, number][]) {
		columns[f] = { index, header: match.headers[index] ?? '' };
	}
	return {
		sheetName: sheet.name,
		headerRowNumbers: match.headerRowNumbers,
		columns,
		decisionHints: readDecisionHints(
			sheet.rows.slice(0, match.headerIndex + 1 - match.headerRowNumbers.length)
		),
		rows,
		problems: sortProblems([...problems.filter((p) => !folded.has(p.rowNumber)), ...dup.problems]),
		duplicates: dup.groups,
		skipped,
		stats: { total: rows.length, byKind, withoutKind: rows.filter((d) => d.kind === null).length },
		warnings: table.warnings
	};
}

function guessKind(name: string, position: string | null, gender: string): AwardKind | null {
	const lower = name.toLocaleLowerCase('vi');
	if (COLLECTIVE_STARTS.some((s) => lower.startsWith(s))) return 'collective';
	if (position || guessSalutation(gender) || stripSalutation(name).salutation) return 'individual';
	// A person's name: 2–6 capitalised words, no digits.
	const words = name.split(' ');
	if (
		words.length >= 2 &&
		words.length <= 6 &&
		words.every((w) => /^\p{Lu}[\p{Ll}\p{M}]*$/u.test(w))
	) {
		return 'individual';
	}
	return null;
}

const DECISION_NUMBER = /(?:quyết\s+định|qđ)\s+(?:số\s*)?:?\s*(\d[^\s,;()]*)/iu;
const DECISION_DATE =
	/ngày\s+(\d{1,2})\s*(?:tháng\s+|[/.-])\s*(\d{1,2})\s*(?:năm\s+|[/.-])\s*(\d{4})/iu;
const DECISION_ISSUER = /\bcủa\s+([^()]+?)\s*\)?\s*$/iu;

/** Decision number, date and issuer from the title rows above the header, when filled in. */
export function readDecisionHints(titleRows: SheetRow[]): DecisionHints {
	const lines = [...new Set(titleRows.flatMap((r) => distinctTexts(r.cells)))];
	const mentions = lines.filter((l) => /quyết\s+định|qđ/iu.test(l));
	// Prefer the line that carries a number; a template line ("số    /QĐ-UBND") still gives the
	// issuer.
	const line = mentions.find((l) => DECISION_NUMBER.test(l)) ?? mentions[0];
	if (!line) return { number: null, date: null, issuer: null, text: null };
	const number = DECISION_NUMBER.exec(line)?.[1] ?? null;
	const d = DECISION_DATE.exec(line);
	let date: string | null = null;
	if (d) {
		const [day, month, year] = [Number(d[1]), Number(d[2]), Number(d[3])];
		if (isValidCalendarDate(year, month, day)) {
			date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
		}
	}
	const issuer = DECISION_ISSUER.exec(line)?.[1]?.trim() ?? null;
	return { number, date, issuer, text: line };
}
