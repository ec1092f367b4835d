/** Factories for integration tests: each test builds the minimal world it needs. */
import type { DB } from '../../src/lib/server/db';
import type { Principal } from '../../src/lib/server/auth/access';
import type { Role } from '../../src/lib/server/db/foundation-tables';
import { hashPassword } from '../../src/lib/server/auth/password';
import { createEvent } from '../../src/lib/server/events/service';
import type { EventInput } from '../../src/lib/server/events/schema';

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;
let cachedHash: string | null = null;

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-123';

export async function newOrganisation(db: DB, name = `Đơn vị thử ${uniq()}`) {
	return db.insertInto('organisation').values({ name, kind: 'department' }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function newUser(
	db: DB,
	opts: { orgId?: number; role?: Role; email?: string; fullName?: string; system?: boolean } = {}
) {
	cachedHash ??= await hashPassword(TEST_PASSWORD);
	const email = opts.email ?? `u${uniq()}@thu.vn`;
	const user = await db
		.insertInto('app_user')
		.values({ email, full_name: opts.fullName ?? `Người dùng ${uniq()}`, password_hash: cachedHash, is_system_admin: !!opts.system })
		.returning(['id', 'email', 'full_name', 'is_system_admin'])
		.executeTakeFirstOrThrow();
	if (opts.orgId && opts.role)
		await db.insertInto('membership').values({ user_id: user.id, organisation_id: opts.orgId, role: opts.role }).execute();
	return user;
}

export function principalOf(user: { id: number; email: string; full_name: string; is_system_admin: boolean }): Principal {
	return { user: { id: user.id, email: user.email, fullName: user.full_name, isSystemAdmin: user.is_system_admin }, via: 'session', ip: '127.0.0.1' };
}

export async function newMember(db: DB, orgId: number, role: Role) {
	return principalOf(await newUser(db, { orgId, role }));
}

export function eventInput(over: Partial<EventInput> = {}): EventInput {
	return {
		kind: 'so_ket',
		title: 'Hội nghị sơ kết 03 năm Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”',
		movement: 'Vì người nghèo – Không để ai bị bỏ lại phía sau',
		periodLabel: '03 năm (2021 - 2023)',
		startsAt: new Date('2024-04-05T00:30:00Z'),
		endsAt: null,
		venue: 'Hội trường UBND tỉnh',
		address: '450 đường 16/4, Phan Rang - Tháp Chàm',
		organiserName: 'Sở Lao động - Thương binh và Xã hội',
		authorityParent: 'ỦY BAN NHÂN DÂN',
		authorityName: 'TỈNH NINH THUẬN',
		placeName: 'Ninh Thuận',
		docNumber: '',
		docSymbol: 'GM-UBND',
		signerPrefix: 'KT. CHỦ TỊCH',
		signerTitle: 'PHÓ CHỦ TỊCH',
		signerName: 'Trịnh Minh Hoàng',
		notes: '',
		...over
	};
}

/** An organisation with an admin and an event in it. */
export async function newEventWorld(db: DB, over: Partial<EventInput> = {}) {
	const org = await newOrganisation(db);
	const admin = await newMember(db, org.id, 'admin');
	const eventId = await createEvent(db, admin, org.id, eventInput(over), { presetKey: 'four_levels_2024' });
	const tiers = await db.selectFrom('tier').select(['id', 'name', 'position']).where('event_id', '=', eventId).orderBy('position').execute();
	return { org, admin, eventId, tiers };
}
