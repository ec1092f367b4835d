/**
 * Delegate tier presets. 2024: four tiers with cấp huyện. From 1/7/2025 local government has two levels
 * (Luật 72/2025/QH15): no cấp huyện. See shared domain reference §7.
 */
export interface TierPreset {
	key: string;
	label: string;
	tiers: { name: string; isLeader: boolean }[];
}

export const TIER_PRESETS: TierPreset[] = [
	{
		key: 'four_levels_2024',
		label: 'Bốn cấp (trước 01/7/2025): tỉnh, huyện, xã, khen thưởng',
		tiers: [
			{ name: 'Cấp tỉnh', isLeader: true },
			{ name: 'Cấp huyện', isLeader: false },
			{ name: 'Cấp xã', isLeader: false },
			{ name: 'Tập thể, cá nhân được khen thưởng', isLeader: false }
		]
	},
	{
		key: 'two_levels_2025',
		label: 'Chính quyền hai cấp (từ 01/7/2025): không còn cấp huyện',
		tiers: [
			{ name: 'Trung ương', isLeader: true },
			{ name: 'Cấp tỉnh', isLeader: true },
			{ name: 'Sở, ban, ngành, đoàn thể tỉnh', isLeader: false },
			{ name: 'Cấp xã', isLeader: false },
			{ name: 'Tập thể, cá nhân, hộ gia đình được khen thưởng', isLeader: false },
			{ name: 'Báo chí, phục vụ', isLeader: false }
		]
	}
];

/** The preset for an event date: two-level government from 1/7/2025. */
export function defaultPresetFor(date: Date): TierPreset {
	return date.getTime() >= Date.UTC(2025, 5, 30, 17, 0) ? TIER_PRESETS[1] : TIER_PRESETS[0];
}

export const EVENT_KIND_LABELS = {
	so_ket: 'Sơ kết',
	tong_ket: 'Tổng kết',
	other: 'Hội nghị khác'
} as const;

export const DEFAULT_MOVEMENT = 'Vì người nghèo – Không để ai bị bỏ lại phía sau';
