/**
 * The demo conference: a deterministic province (Khánh Hòa after the 2025 merger), its organising units,
 * one account per role and a tổng kết conference. Capabilities add their part through DEMO_SEEDERS.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor, type Tx } from '$lib/server/db';
import { hashPassword } from '$lib/server/auth/password';
import { writeAudit, SYSTEM_ACTOR } from '$lib/server/audit';
import { TIER_PRESETS, DEFAULT_MOVEMENT } from '$lib/server/events/presets';
import { parseDateTimeLocal } from '$lib/format';
import { createRng, type Rng } from './rng';
import { seedSubmissionsDemo } from '$lib/server/submissions/demo';
import { seedDelegatesDemo } from '$lib/server/delegates/demo';
import { seedInvitationsDemo } from '$lib/server/invitations/demo';
import type { Role } from '$lib/server/db/foundation-tables';
import { seedBudgetDemo } from '$lib/server/budget/demo';
import { seedAwardsDemo } from '$lib/server/awards/demo';

export const DEMO_PASSWORD = 'hoinghi-demo-2026';

export const DEMO_USERS: { email: string; fullName: string; role: Role; system?: boolean }[] = [
	{ email: 'quantri@demo.hoinghi.vn', fullName: 'Trần Minh Quân', role: 'admin', system: true },
	{ email: 'bantochuc@demo.hoinghi.vn', fullName: 'Nguyễn Thị Thu Hà', role: 'organiser' },
	{ email: 'ketoan@demo.hoinghi.vn', fullName: 'Lê Văn Toàn', role: 'finance' },
	{ email: 'letan@demo.hoinghi.vn', fullName: 'Phạm Ngọc Lan', role: 'reception' },
	{ email: 'xem@demo.hoinghi.vn', fullName: 'Võ Hoàng Nam', role: 'viewer' }
];

export interface DemoContext {
	tx: Tx;
	rng: Rng;
	organisationId: number;
	eventId: number;
	userIds: Record<Role, number>;
	tiers: { id: number; name: string; position: number }[];
}

/**
 * Each capability's part of the demo, run in this order inside the same transaction (one line each; the
 * seeder lives beside its capability, e.g. src/lib/server/delegates/demo.ts).
 */
const DEMO_SEEDERS: Array<(ctx: DemoContext) => Promise<void>> = [
	// delegates (issue 3)
	seedDelegatesDemo,
	// invitations and replies (issue 3)
	seedInvitationsDemo,
	// check-in (issue 4): none. The demo conference is upcoming, so its attendance stays empty; the scanner works on its list.
	// submissions (issue 5)
	seedSubmissionsDemo,
	// programme, awards, certificates (issue 6)
	seedAwardsDemo,
	// budget (issue 7)
	seedBudgetDemo
];

/** Loads the demo when the database has no user yet. Returns whether it did. */
export async function seedDemoIfEmpty(db: Executor): Promise<boolean> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	return inTransaction(db, async (tx) => {
		await sql`select pg_advisory_xact_lock(4242001)`.execute(tx);
		const n = await tx.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		if (Number(n.n) > 0) return false;
		await seedDemo(tx, passwordHash);
		return true;
	});
}

async function seedDemo(tx: Tx, passwordHash: string): Promise<void> {
	const rng = createRng(20251231);
	const org = await tx
		.insertInto('organisation')
		.values({ name: 'Văn phòng UBND tỉnh Khánh Hòa', short_name: 'VP UBND tỉnh', kind: 'province_office', address: '01 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa' })
		.returning('id')
		.executeTakeFirstOrThrow();
	await tx
		.insertInto('organisation')
		.values([
			{ name: 'Sở Nội vụ tỉnh Khánh Hòa', short_name: 'Sở Nội vụ', kind: 'department' },
			{ name: 'UBND xã Phước Hà', short_name: 'UBND xã Phước Hà', kind: 'commune' }
		])
		.execute();
	const userIds = {} as Record<Role, number>;
	for (const u of DEMO_USERS) {
		const row = await tx
			.insertInto('app_user')
			.values({ email: u.email, full_name: u.fullName, password_hash: passwordHash, is_system_admin: !!u.system })
			.returning('id')
			.executeTakeFirstOrThrow();
		userIds[u.role] = row.id;
		await tx.insertInto('membership').values({ user_id: row.id, organisation_id: org.id, role: u.role }).execute();
	}
	const startsAt = parseDateTimeLocal('2026-12-18T07:30')!;
	const event = await tx
		.insertInto('event')
		.values({
			organisation_id: org.id,
			kind: 'tong_ket',
			title: `Hội nghị tổng kết Phong trào thi đua “${DEFAULT_MOVEMENT}” giai đoạn 2021 - 2025 trên địa bàn tỉnh Khánh Hòa`,
			movement: DEFAULT_MOVEMENT,
			period_label: 'giai đoạn 2021 - 2025',
			starts_at: startsAt,
			ends_at: parseDateTimeLocal('2026-12-18T11:30')!,
			venue: 'Hội trường Trung tâm Hội nghị tỉnh',
			address: '02 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa',
			organiser_name: 'Sở Nông nghiệp và Môi trường (cơ quan thường trực Chương trình MTQG giảm nghèo bền vững)',
			authority_parent: 'ỦY BAN NHÂN DÂN',
			authority_name: 'TỈNH KHÁNH HÒA',
			place_name: 'Khánh Hòa',
			doc_number: '',
			doc_symbol: 'GM-UBND',
			signer_prefix: 'TL. CHỦ TỊCH',
			signer_title: 'CHÁNH VĂN PHÒNG',
			signer_name: 'Nguyễn Văn Khoa',
			created_by: userIds.admin
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const preset = TIER_PRESETS.find((p) => p.key === 'two_levels_2025')!;
	const tiers = await tx
		.insertInto('tier')
		.values(preset.tiers.map((t, i) => ({ event_id: event.id, name: t.name, position: i + 1, is_leader: t.isLeader })))
		.returning(['id', 'name', 'position'])
		.execute();
	await writeAudit(tx, SYSTEM_ACTOR, {
		action: 'event.created',
		entityType: 'event',
		entityId: event.id,
		organisationId: org.id,
		eventId: event.id,
		data: { demo: true }
	});
	const ctx: DemoContext = { tx, rng, organisationId: org.id, eventId: event.id, userIds, tiers };
	for (const seeder of DEMO_SEEDERS) await seeder(ctx);
}
