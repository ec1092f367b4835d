/**
 * Default protocol rank (ngôi thứ) from a delegate's position and unit. Lower comes first within a
 * tier. The table follows the order of introduction in shared/domain/REFERENCE.md §8 (an UNVERIFIED
 * convention to confirm with the province's protocol staff): Tỉnh ủy (Bí thư, Phó Bí thư) → HĐND →
 * UBND → Ủy ban MTTQ → Đoàn ĐBQH → lãnh đạo sở, ban, ngành → lãnh đạo cấp xã → phòng → chuyên viên →
 * thôn, điển hình → báo chí. It is only a starting point: the organiser edits the number per
 * delegate, and a substitute never inherits the principal's number (ngôi thứ không ủy quyền).
 *
 * Matching works on accent-free search keys with the usual abbreviations spelled out, first rule
 * wins, so the specific wordings come before the general ones ("Phó Bí thư" before "Bí thư").
 * Pure: shared by the import preview, the add form and the demo.
 */
import { searchKey } from '$lib/format';

export type RankLevel = 'central' | 'province' | 'local';

export interface RankRule {
	rank: number;
	/** What the rule means, in Vietnamese (shown on the order page). */
	label: string;
	/** Only for delegates of this level (from the unit / position wording); any level when absent. */
	level?: RankLevel;
	/** Phrases (search keys) of which one must appear in the position. */
	position?: string[];
	/** Phrases of which one must appear in the position or the unit. */
	org?: string[];
	/** Phrases that exclude the rule when they appear in the position or the unit. */
	not?: string[];
	/** Phrases of which one must start the unit ("bao" for a newspaper, not "Bảo trợ"). */
	unitStarts?: string[];
}

/** Rank given when nothing matches (after every rule, before the database default 1000). */
export const UNKNOWN_RANK = 990;

const CHAIR = ['chu tich'];
const VICE_CHAIR = ['pho chu tich'];
const HEAD = ['giam doc', 'thu truong', 'truong ban', 'chanh van phong', 'chi huy truong', 'tong bien tap', 'vien truong', 'hieu truong'];
const DEPUTY = ['pho giam doc', 'pho thu truong', 'pho truong ban', 'pho chanh van phong', 'pho chi huy truong', 'pho tong bien tap', 'pho vien truong', 'pho hieu truong'];
const BUSINESS = ['cong ty', 'doanh nghiep', 'hop tac xa', 'htx', 'tap doan', 'chi nhanh cong ty'];
const PRESS_UNITS = ['bao', 'dai phat thanh', 'dai truyen hinh', 'truyen hinh', 'tap chi', 'thong tan xa', 'trung tam truyen thong'];

/**
 * The rules, in matching order. Ranks leave gaps so an organiser can put someone between two
 * (e.g. 305 between the Chủ tịch UBND and the Phó Chủ tịch).
 */
export const RANK_RULES: RankRule[] = [
	// Central guests (their own tier in most events).
	{ rank: 10, label: 'Lãnh đạo Trung ương: Bộ trưởng, Trưởng ban, Chủ tịch', level: 'central', position: ['bo truong', 'truong ban', 'chu tich', 'uy vien trung uong', 'bi thu trung uong'], not: ['pho'] },
	{ rank: 20, label: 'Thứ trưởng, Phó Trưởng ban, Phó Chủ tịch (Trung ương)', level: 'central', position: ['thu truong', 'pho truong ban', 'pho chu tich'] },
	{ rank: 30, label: 'Vụ trưởng, Cục trưởng, Chánh Văn phòng (Trung ương)', level: 'central', position: ['vu truong', 'cuc truong', 'chanh van phong', 'tong cuc truong'], not: ['pho'] },
	{ rank: 40, label: 'Phó Vụ trưởng, Phó Cục trưởng (Trung ương)', level: 'central', position: ['pho vu truong', 'pho cuc truong', 'pho chanh van phong'] },

	// Tỉnh ủy.
	{ rank: 110, label: 'Phó Bí thư Thường trực Tỉnh ủy', level: 'province', position: ['pho bi thu thuong truc'] },
	{ rank: 120, label: 'Phó Bí thư Tỉnh ủy', level: 'province', position: ['pho bi thu'], not: ['doan thanh nien', 'tinh doan', 'chi bo', 'dang uy co quan', 'dang uy khoi'] },
	{ rank: 100, label: 'Bí thư Tỉnh ủy', level: 'province', position: ['bi thu tinh uy', 'bi thu'], org: ['tinh uy'], not: ['tinh doan', 'doan thanh nien', 'chi bo', 'pho bi thu'] },
	{ rank: 150, label: 'Ủy viên Ban Thường vụ Tỉnh ủy', level: 'province', position: ['uy vien ban thuong vu', 'uy vien btv'] },
	{ rank: 160, label: 'Trưởng ban, Chủ nhiệm UBKT, Chánh Văn phòng Tỉnh ủy', level: 'province', position: ['truong ban', 'chu nhiem', 'chanh van phong'], org: ['tinh uy'], not: ['pho'] },
	{ rank: 180, label: 'Phó Trưởng ban, Phó Chủ nhiệm, Phó Chánh Văn phòng Tỉnh ủy', level: 'province', position: ['pho truong ban', 'pho chu nhiem', 'pho chanh van phong'], org: ['tinh uy'] },

	// HĐND tỉnh.
	{ rank: 210, label: 'Phó Chủ tịch HĐND tỉnh', level: 'province', position: VICE_CHAIR, org: ['hoi dong nhan dan'] },
	{ rank: 200, label: 'Chủ tịch HĐND tỉnh', level: 'province', position: CHAIR, org: ['hoi dong nhan dan'] },
	{ rank: 260, label: 'Phó Trưởng ban HĐND tỉnh', level: 'province', position: ['pho truong ban'], org: ['hoi dong nhan dan'] },
	{ rank: 250, label: 'Trưởng ban HĐND tỉnh', level: 'province', position: ['truong ban'], org: ['hoi dong nhan dan'] },

	// UBND tỉnh.
	{ rank: 310, label: 'Phó Chủ tịch UBND tỉnh', level: 'province', position: VICE_CHAIR, org: ['uy ban nhan dan'], not: ['van phong'] },
	{ rank: 300, label: 'Chủ tịch UBND tỉnh', level: 'province', position: CHAIR, org: ['uy ban nhan dan'], not: ['van phong'] },

	// Ủy ban MTTQ tỉnh (the đoàn thể under it come with the sở, ban, ngành below).
	{ rank: 410, label: 'Phó Chủ tịch Ủy ban MTTQ tỉnh', level: 'province', position: VICE_CHAIR, org: ['mat tran to quoc', 'mttq'] },
	{ rank: 400, label: 'Chủ tịch Ủy ban MTTQ tỉnh', level: 'province', position: CHAIR, org: ['mat tran to quoc', 'mttq'] },

	// Đoàn ĐBQH tỉnh.
	{ rank: 510, label: 'Phó Trưởng Đoàn ĐBQH tỉnh', level: 'province', position: ['pho truong doan'], org: ['dai bieu quoc hoi'] },
	{ rank: 500, label: 'Trưởng Đoàn ĐBQH tỉnh', level: 'province', position: ['truong doan'], org: ['dai bieu quoc hoi'] },
	{ rank: 520, label: 'Đại biểu Quốc hội', position: ['dai bieu quoc hoi'] },

	// Sở, ban, ngành, đoàn thể tỉnh (the Văn phòng UBND tỉnh first among them).
	{ rank: 670, label: 'Phó Chủ tịch hội, đoàn thể tỉnh; Phó Bí thư Tỉnh đoàn', level: 'province', position: ['pho chu tich', 'pho bi thu'], org: ['hoi', 'lien doan lao dong', 'tinh doan', 'doan thanh nien'] },
	{ rank: 620, label: 'Chủ tịch hội, đoàn thể tỉnh; Bí thư Tỉnh đoàn', level: 'province', position: ['chu tich', 'bi thu'], org: ['hoi', 'lien doan lao dong', 'tinh doan', 'doan thanh nien'], not: BUSINESS },
	{ rank: 600, label: 'Chánh Văn phòng UBND tỉnh, Văn phòng Đoàn ĐBQH và HĐND tỉnh', level: 'province', position: ['chanh van phong'], not: ['pho'] },
	{ rank: 800, label: 'Giám đốc trung tâm, đơn vị trực thuộc sở', level: 'province', position: ['giam doc'], org: ['trung tam', 'ban quan ly du an', 'benh vien', 'quy '], not: ['pho', ...BUSINESS] },
	{ rank: 930, label: 'Lãnh đạo doanh nghiệp, hợp tác xã', position: ['giam doc', 'tong giam doc', 'chu tich hoi dong quan tri', 'chu nhiem', 'chu tich'], org: BUSINESS },
	{ rank: 650, label: 'Phó Chánh Văn phòng UBND tỉnh', level: 'province', position: ['pho chanh van phong'] },
	{ rank: 660, label: 'Phó Giám đốc sở, Phó Thủ trưởng ban, ngành tỉnh', level: 'province', position: DEPUTY },
	{ rank: 610, label: 'Giám đốc sở, Thủ trưởng ban, ngành tỉnh', level: 'province', position: HEAD },

	// Cấp xã, phường, đặc khu (and the former huyện for 2021–2025 lists).
	{ rank: 710, label: 'Phó Bí thư Thường trực Đảng ủy (xã, phường, huyện)', level: 'local', position: ['pho bi thu thuong truc'] },
	{ rank: 715, label: 'Phó Bí thư Đảng ủy (xã, phường, huyện)', level: 'local', position: ['pho bi thu'], not: ['chi bo', 'doan thanh nien', 'doan'] },
	{ rank: 700, label: 'Bí thư Đảng ủy (xã, phường), Bí thư Huyện ủy', level: 'local', position: ['bi thu'], not: ['chi bo', 'doan thanh nien', 'doan', 'pho'] },
	{ rank: 740, label: 'Phó Chủ tịch HĐND (xã, phường, huyện)', level: 'local', position: VICE_CHAIR, org: ['hoi dong nhan dan'] },
	{ rank: 720, label: 'Chủ tịch HĐND (xã, phường, huyện)', level: 'local', position: CHAIR, org: ['hoi dong nhan dan'] },
	{ rank: 770, label: 'Phó Chủ tịch Ủy ban MTTQ (xã, phường, huyện)', level: 'local', position: VICE_CHAIR, org: ['mat tran to quoc', 'mttq'] },
	{ rank: 760, label: 'Chủ tịch Ủy ban MTTQ (xã, phường, huyện)', level: 'local', position: CHAIR, org: ['mat tran to quoc', 'mttq'] },
	{ rank: 750, label: 'Phó Chủ tịch UBND (xã, phường, huyện)', level: 'local', position: VICE_CHAIR, not: ['hoi '] },
	{ rank: 730, label: 'Chủ tịch UBND (xã, phường, huyện)', level: 'local', position: CHAIR, not: ['hoi ', ...BUSINESS] },

	// Phòng, ban at any level.
	{ rank: 820, label: 'Phó Trưởng phòng, Phó Chánh Văn phòng, Phó Giám đốc trung tâm', position: ['pho truong phong', 'pho chanh van phong', 'pho chanh thanh tra', 'pho giam doc', 'pho truong ban', 'pho chu tich'] },
	{ rank: 800, label: 'Trưởng phòng, Chánh Văn phòng, Chánh Thanh tra, Trưởng ban', position: ['truong phong', 'chanh van phong', 'chanh thanh tra', 'giam doc', 'truong ban', 'chu tich'] },

	// Staff, villages, model households, press.
	{ rank: 900, label: 'Chuyên viên, công chức, cán bộ, nhân viên', position: ['chuyen vien', 'cong chuc', 'can bo', 'nhan vien', 'ke toan', 'thu quy', 'van thu', 'vien chuc', 'giao vien', 'bac si'] },
	{ rank: 920, label: 'Trưởng thôn, Bí thư chi bộ, người có uy tín', position: ['truong thon', 'pho truong thon', 'bi thu chi bo', 'truong khu pho', 'truong buon', 'truong ap', 'nguoi co uy tin', 'gia lang', 'truong ban cong tac mat tran'] },
	{ rank: 940, label: 'Đại diện hộ gia đình, điển hình tiên tiến, nhà hảo tâm', position: ['dai dien', 'chu ho', 'ho gia dinh', 'nong dan', 'nha hao tam', 'dien hinh'] },
	{ rank: 960, label: 'Báo chí: phóng viên, biên tập viên, quay phim', position: ['phong vien', 'bien tap vien', 'quay phim', 'nha bao', 'ky thuat vien'] },
	{ rank: 960, label: 'Báo chí (theo cơ quan báo, đài)', unitStarts: PRESS_UNITS }
];

const ABBREVIATIONS: [RegExp, string][] = [
	[/\bubnd\b/g, 'uy ban nhan dan'],
	[/\bhdnd\b/g, 'hoi dong nhan dan'],
	[/\bubmttq(vn)?\b/g, 'uy ban mat tran to quoc'],
	[/\bmttq(vn)?\b/g, 'mat tran to quoc'],
	[/\bdbqh\b/g, 'dai bieu quoc hoi'],
	[/\bbtv\b/g, 'ban thuong vu'],
	[/\bubkt\b/g, 'uy ban kiem tra'],
	[/\bnhcsxh\b/g, 'ngan hang chinh sach xa hoi'],
	[/\btw\b/g, 'trung uong'],
	[/\bpct\b/g, 'pho chu tich'],
	[/\bct\b/g, 'chu tich'],
	[/\bpgd\b/g, 'pho giam doc'],
	[/\bgd\b/g, 'giam doc'],
	[/\btp\b/g, 'truong phong'],
	[/\bcv\b/g, 'chuyen vien'],
	[/\bvp\b/g, 'van phong']
];

function keyOf(text: string | null | undefined): string {
	let key = searchKey(text ?? '');
	for (const [re, full] of ABBREVIATIONS) key = key.replace(re, full);
	return key;
}

/** ` key ` with the phrase as ` phrase `: whole words, consecutive. Both already padded. */
function hasPadded(padded: string, phrase: string): boolean {
	return phrase !== '  ' && padded.includes(phrase);
}

// "xã hội" is not a commune; "Sở Lao động - Thương binh và Xã hội" is provincial.
// "thành phố" is local (the former district-level cities) except the six centrally governed ones.
const LOCAL =
	/(?:^| )(?:xa(?! hoi)|phuong|thi tran|dac khu|huyen|thi xa|thi uy|thanh uy|quan uy|thon|buon|thanh pho(?! (?:ha noi|ho chi minh|hai phong|da nang|can tho|hue)))(?: |$)/;
const CENTRAL = /(?:^| )(?:trung uong|chinh phu|quoc hoi viet nam|van phong quoc hoi)(?: |$)|^bo (?!chi huy)|^vu |^cuc /;
const PROVINCE = /(?:^| )(?:tinh|tinh uy|so|tinh doan)(?: |$)/;

function levelOfKeys(p: string, u: string): RankLevel {
	if (CENTRAL.test(u) && !/(?:^| )tinh(?: |$)/.test(u)) return 'central';
	// The unit decides when it says; the position ("Chủ tịch UBND xã") otherwise.
	if (u !== '') {
		if (LOCAL.test(u)) return 'local';
		if (PROVINCE.test(u) || u.startsWith('so ')) return 'province';
	}
	if (LOCAL.test(p)) return 'local';
	return 'province';
}

/** The level of a delegate from the wording of position and unit. */
export function rankLevel(position: string | null | undefined, unit: string | null | undefined): RankLevel {
	return levelOfKeys(keyOf(position), keyOf(unit));
}

// The rules with their phrases padded once (` giam doc `), so matching is plain substring search.
const PADDED = RANK_RULES.map((r) => ({
	rule: r,
	position: r.position?.map((x) => ` ${x.trim()} `),
	org: r.org?.map((x) => ` ${x.trim()} `),
	not: r.not?.map((x) => ` ${x.trim()} `),
	unitStarts: r.unitStarts?.map((x) => `${x} `)
}));

/** The matching rule, or null when none does. */
export function rankRuleFor(position: string | null | undefined, unit: string | null | undefined): RankRule | null {
	const p = keyOf(position);
	const u = keyOf(unit);
	const both = `${p} ${u}`.trim();
	if (both === '') return null;
	const level = levelOfKeys(p, u);
	const pp = ` ${p} `;
	const bb = ` ${both} `;
	const uu = `${u} `;
	for (const r of PADDED) {
		if (r.rule.level && r.rule.level !== level) continue;
		if (r.position && !r.position.some((x) => hasPadded(pp, x))) continue;
		if (r.org && !r.org.some((x) => hasPadded(bb, x))) continue;
		if (r.not && r.not.some((x) => hasPadded(bb, x))) continue;
		if (r.unitStarts && !r.unitStarts.some((x) => uu.startsWith(x))) continue;
		return r.rule;
	}
	return null;
}

/** Default protocol rank for a position and unit (UNKNOWN_RANK when nothing matches). */
export function defaultProtocolRank(position: string | null | undefined, unit: string | null | undefined): number {
	return rankRuleFor(position, unit)?.rank ?? UNKNOWN_RANK;
}

/**
 * Default rank of a letter to an office (the office names who attends): its head's rank, unless the
 * letter names a role. "UBND phường X" ranks as its Chủ tịch, "Sở Tài chính" as its Giám đốc.
 */
export function unitLetterRank(position: string | null | undefined, unit: string | null | undefined, addressedTo = ''): number {
	const where = unit || addressedTo;
	if (position) return defaultProtocolRank(position, where);
	return defaultProtocolRank(rankLevel('', where) === 'local' ? 'Chủ tịch' : 'Thủ trưởng', where);
}
