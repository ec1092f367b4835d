/**
 * Deciding a scan on the device when the server cannot be reached, from the roster kept in IndexedDB.
 * Same codes as the server; the answer is provisional (the server decides again when the queue syncs).
 */
import type { DelegateCard, Roster, RosterEntry, ScanResult } from '$lib/server/checkin/dto';
import { extractToken, normaliseCode, sha256Hex } from './scan-text';

export interface RosterIndex {
	roster: Roster;
	byHash: Map<string, RosterEntry>;
	byOldHash: Map<string, RosterEntry>;
	byCode: Map<string, RosterEntry>;
	byId: Map<number, RosterEntry>;
	tiers: Map<number, Roster['tiers'][number]>;
}

export function indexRoster(roster: Roster): RosterIndex {
	const idx: RosterIndex = {
		roster,
		byHash: new Map(),
		byOldHash: new Map(),
		byCode: new Map(),
		byId: new Map(),
		tiers: new Map(roster.tiers.map((t) => [t.id, t]))
	};
	for (const e of roster.delegates) {
		idx.byHash.set(e.h, e);
		for (const h of e.oh ?? []) idx.byOldHash.set(h, e);
		idx.byCode.set(e.code, e);
		idx.byId.set(e.id, e);
	}
	return idx;
}

export function cardOf(idx: RosterIndex, e: RosterEntry): DelegateCard {
	const t = idx.tiers.get(e.tier);
	return {
		id: e.id,
		kind: e.kind,
		salutation: e.sal,
		name: e.name,
		position: e.pos,
		unit: e.unit,
		tierId: e.tier,
		tierName: t?.name ?? '',
		tierPosition: t?.position ?? 0,
		isLeader: t?.isLeader ?? false,
		seat: e.seat,
		code: e.code,
		walkIn: !!e.walkIn,
		replyStatus: e.reply
	};
}

function timeOf(iso: string): string {
	return new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));
}

export type OfflineTarget = { raw: string } | { delegateId: number };

/** The provisional answer for a scan; `entry` is the delegate to mark as in when the answer is ok. */
export function evaluateOffline(idx: RosterIndex, target: OfflineTarget): { result: ScanResult; entry: RosterEntry | null } {
	let entry: RosterEntry | null = null;
	let revoked = false;
	if ('delegateId' in target) {
		entry = idx.byId.get(target.delegateId) ?? null;
		if (!entry) return refuse('not_found', 'Không có đại biểu này trong danh sách đã tải về máy');
	} else {
		const token = extractToken(target.raw);
		if (token) {
			const h = sha256Hex(token);
			entry = idx.byHash.get(h) ?? null;
			if (!entry) {
				entry = idx.byOldHash.get(h) ?? null;
				revoked = !!entry;
			}
			if (!entry) return refuse('invalid_token', 'Không có trong danh sách đã tải về máy (mã giả, bị sửa, của hội nghị khác hoặc đại biểu mới thêm)');
		} else {
			const code = normaliseCode(target.raw);
			if (!code) return refuse('invalid_token', 'Không phải mã QR giấy mời của Hội Nghị');
			entry = idx.byCode.get(code) ?? null;
			if (!entry) return refuse('not_found', `Không có mã giấy mời ${code} trong danh sách đã tải về máy`);
		}
	}
	const card = cardOf(idx, entry);
	if (entry.st === 'replaced') {
		const sub = entry.sub;
		return {
			entry: null,
			result: {
				code: 'replaced',
				message: 'Đại biểu đã cử người dự thay',
				reason: sub ? `${card.name} đã cử người dự thay: ${sub.name}${sub.pos ? `, ${sub.pos}` : ''}. Người dự thay dùng giấy mời của mình.` : `${card.name} đã cử người dự thay: giấy mời này không còn dùng được.`,
				delegate: card,
				warnings: []
			}
		};
	}
	if (entry.st === 'cancelled')
		return { entry: null, result: { code: 'cancelled', message: 'Giấy mời đã bị hủy', reason: `Giấy mời của ${card.name} đã bị hủy`, delegate: card, warnings: [] } };
	if (revoked)
		return {
			entry: null,
			result: { code: 'invalid_token', message: 'Mã không hợp lệ', reason: `Mã QR cũ đã bị thu hồi: giấy mời của ${card.name} đã được cấp lại. Tìm theo tên để check-in.`, delegate: card, warnings: [] }
		};
	if (entry.in) {
		const who = [entry.in.by, entry.in.device].filter(Boolean).join(' · ');
		return {
			entry: null,
			result: {
				code: 'already_checked_in',
				message: `Đã check-in lúc ${timeOf(entry.in.at)}${who ? ` — ${who}` : ''}`,
				delegate: card,
				checkIn: { id: 0, at: entry.in.at, method: 'offline_sync', by: entry.in.by, device: entry.in.device },
				warnings: []
			}
		};
	}
	return {
		entry,
		result: {
			code: 'ok',
			message: 'Chào mừng đại biểu',
			delegate: card,
			warnings: entry.reply === 'declined' ? [{ code: 'declined', message: 'Đại biểu đã báo vắng nhưng vẫn đến: đã ghi nhận có mặt.' }] : []
		}
	};

	function refuse(code: ScanResult['code'], reason: string) {
		return { entry: null, result: { code, message: code === 'not_found' ? 'Không tìm thấy đại biểu' : 'Mã không hợp lệ', reason, warnings: [] } as ScanResult };
	}
}
