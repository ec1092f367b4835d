/** Categories of dự toán lines and fund types, with their Vietnamese labels (pure; sent to pages as data). */
import type { BudgetCategory, FundType } from './tables';

/** In the order a dự toán lists them (REFERENCE.md §5.4). */
export const CATEGORIES: BudgetCategory[] = [
	'hall',
	'decoration',
	'sound_light',
	'printing',
	'refreshments',
	'meals',
	'travel',
	'certificates',
	'prizes',
	'culture',
	'media',
	'other'
];

export const CATEGORY_LABELS: Record<BudgetCategory, string> = {
	hall: 'Thuê hội trường',
	decoration: 'Trang trí, khẩu hiệu, băng rôn',
	sound_light: 'Âm thanh, ánh sáng, màn hình',
	printing: 'In ấn tài liệu, giấy mời',
	refreshments: 'Nước uống, giải khát giữa giờ',
	meals: 'Tiền ăn, hỗ trợ tiền ăn',
	travel: 'Hỗ trợ đi lại, lưu trú',
	certificates: 'Phôi bằng khen, khung, hoa',
	prizes: 'Tiền thưởng',
	culture: 'Văn nghệ chào mừng',
	media: 'Chụp ảnh, quay phim, tuyên truyền',
	other: 'Chi khác'
};

export const FUND_TYPES: FundType[] = ['programme', 'emulation_fund', 'unit_budget', 'other'];

export const FUND_TYPE_LABELS: Record<FundType, string> = {
	programme: 'Kinh phí chương trình (Dự án 7, MTQG giảm nghèo bền vững)',
	emulation_fund: 'Quỹ thi đua, khen thưởng',
	unit_budget: 'Ngân sách chi thường xuyên của đơn vị',
	other: 'Nguồn khác'
};

export const FUND_TYPE_SHORT: Record<FundType, string> = {
	programme: 'Dự án 7 / MTQG',
	emulation_fund: 'Quỹ TĐKT',
	unit_budget: 'Chi thường xuyên',
	other: 'Khác'
};

export type DerivedKind = 'attendance' | 'letters' | 'booklet' | 'certificates' | `awards:${string}`;

export const DERIVED_LABELS: Record<string, string> = {
	attendance: 'theo số đại biểu dự kiến',
	letters: 'theo số giấy mời',
	booklet: 'theo số trang tài liệu',
	certificates: 'theo số bằng khen',
	awards: 'theo quyết định khen thưởng'
};

export function derivedLabel(d: string | null): string | null {
	if (!d) return null;
	return DERIVED_LABELS[d.startsWith('awards:') ? 'awards' : d] ?? d;
}

export function isCategory(v: unknown): v is BudgetCategory {
	return typeof v === 'string' && (CATEGORIES as string[]).includes(v);
}

export function isFundType(v: unknown): v is FundType {
	return typeof v === 'string' && (FUND_TYPES as string[]).includes(v);
}
