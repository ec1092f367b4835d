/**
 * Ceremony order and batches, as pure functions (REFERENCE.md §1.6, §8).
 *
 * Precedence: Huân chương (hạng Nhất > Nhì > Ba) > Bằng khen của Thủ tướng > Bằng khen của Chủ tịch UBND
 * tỉnh > Giấy khen ("trao tặng … từ thứ bậc cao đến thứ bậc thấp", NĐ 98/2023 Chương III); within a form,
 * collectives before individuals before households (common practice, unverified); then the decision
 * (earlier first), then the order of the decision's own list.
 */
import type { RecipientKind } from './tables';

export const KIND_ORDER: Record<RecipientKind, number> = { collective: 0, individual: 1, household: 2 };

export const KIND_LABELS: Record<RecipientKind, string> = {
	collective: 'Tập thể',
	individual: 'Cá nhân',
	household: 'Hộ gia đình'
};

/** Plural heading used by lists and the MC: "các tập thể". */
export const KIND_PLURAL: Record<RecipientKind, string> = {
	collective: 'các tập thể',
	individual: 'các cá nhân',
	household: 'các hộ gia đình'
};

export interface CeremonyKey {
	id: number;
	precedence: number;
	decisionDate: string;
	decisionId: number;
	kind: RecipientKind;
	listOrder: number;
}

/** Sort comparator for the ceremony (and certificate printing) order. */
export function compareCeremony(a: CeremonyKey, b: CeremonyKey): number {
	return (
		a.precedence - b.precedence ||
		(a.decisionDate < b.decisionDate ? -1 : a.decisionDate > b.decisionDate ? 1 : 0) ||
		a.decisionId - b.decisionId ||
		KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
		a.listOrder - b.listOrder ||
		a.id - b.id
	);
}

export interface PlannedBatch<T extends CeremonyKey> {
	decisionId: number;
	kind: RecipientKind;
	precedence: number;
	awards: T[];
	/** Index into the leaders list (protocol order), or null when there is no leader. */
	presenterIndex: number | null;
}

/**
 * Splits awards (any order; sorted here) into stage batches: one run per decision and recipient kind, each
 * run cut into ceil(n / capacity) batches of balanced size (12 with capacity 10 → 6 + 6, not 10 + 2, so
 * nobody stands alone on a wide stage).
 *
 * Presenters: batches in ceremony order receive leaders in protocol order, never going back up, so a higher
 * award is presented by a leader at least as high as a lower one. With at least as many leaders as batches,
 * batch i gets leader i; with fewer, leader j presents a consecutive run of batches (j = ⌊i·L/B⌋).
 */
export function planBatches<T extends CeremonyKey>(
	awards: T[],
	capacity: number,
	leaderCount: number
): PlannedBatch<T>[] {
	if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
	const sorted = [...awards].sort(compareCeremony);
	const runs: T[][] = [];
	for (const a of sorted) {
		const last = runs[runs.length - 1];
		if (last && last[0].decisionId === a.decisionId && last[0].kind === a.kind) last.push(a);
		else runs.push([a]);
	}
	const batches: PlannedBatch<T>[] = [];
	for (const run of runs) {
		const k = Math.ceil(run.length / capacity);
		const base = Math.floor(run.length / k);
		let extra = run.length % k;
		let at = 0;
		for (let i = 0; i < k; i++) {
			const size = base + (extra > 0 ? 1 : 0);
			if (extra > 0) extra--;
			batches.push({
				decisionId: run[0].decisionId,
				kind: run[0].kind,
				precedence: run[0].precedence,
				awards: run.slice(at, at + size),
				presenterIndex: null
			});
			at += size;
		}
	}
	const B = batches.length;
	const L = Math.max(0, Math.floor(leaderCount));
	if (L > 0) {
		batches.forEach((b, i) => {
			b.presenterIndex = B <= L ? i : Math.floor((i * L) / B);
		});
	}
	return batches;
}

/**
 * Presenters for planned batches (REFERENCE.md §8): awards of the State and the Thủ tướng are presented by
 * the highest leaders present (central guests first); provincial awards and Giấy khen by the province's own
 * leaders (central guests are left out when any provincial leader is there). Within each run of batches of the
 * same class, leaders go in protocol order and never back up (see planBatches), so higher awards get higher
 * leaders. Returns an index into `leaders` (protocol order) per batch, or null.
 */
export function assignPresenters(batches: { national: boolean }[], leaders: { central: boolean }[]): (number | null)[] {
	const all = leaders.map((_, i) => i);
	const local = all.filter((i) => !leaders[i].central);
	const out: (number | null)[] = new Array(batches.length).fill(null);
	let i = 0;
	while (i < batches.length) {
		let j = i;
		while (j < batches.length && batches[j].national === batches[i].national) j++;
		const pool = batches[i].national || !local.length ? all : local;
		const B = j - i;
		const L = pool.length;
		for (let k = 0; k < B && L; k++) out[i + k] = pool[B <= L ? k : Math.floor((k * L) / B)];
		i = j;
	}
	return out;
}

/** "Đợt 2 – Bằng khen của Chủ tịch UBND tỉnh – Cá nhân (8)". */
export function batchTitle(n: number, formName: string, kind: RecipientKind, count: number): string {
	return `Đợt ${n} – ${formName} – ${KIND_LABELS[kind]} (${count})`;
}

/**
 * A person's position and unit as one phrase, without saying the unit twice: "Bí thư Tỉnh ủy" + "Tỉnh ủy
 * Khánh Hòa" → "Bí thư Tỉnh ủy Khánh Hòa"; "Chủ tịch Ủy ban nhân dân tỉnh" + "Ủy ban nhân dân tỉnh" →
 * the position alone; otherwise "position, unit".
 */
export function mergePositionUnit(position: string, unit: string): string {
	const p = position.trim();
	const u = unit.trim();
	if (!p || !u) return p || u;
	const key = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
	if (key(p).includes(key(u))) return p;
	const pw = p.split(/\s+/);
	const uw = u.split(/\s+/);
	for (let n = Math.min(pw.length, uw.length); n > 0; n--) {
		if (key(pw.slice(-n).join(' ')) === key(uw.slice(0, n).join(' '))) return [...pw, ...uw.slice(n)].join(' ');
	}
	return `${p}, ${u}`;
}
