import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, requirePrincipal, runAction } from '$lib/server/http';
import { actorOf, membershipsOf, requireSystemAdmin } from '$lib/server/auth/access';
import { ROLE_LABELS, ROLES } from '$lib/server/auth/permissions';
import {
	ORG_KIND_LABELS,
	createApiToken,
	createOrganisation,
	createUser,
	listApiTokens,
	listOrganisations,
	listUsers,
	revokeApiToken,
	setUserDisabled,
	resetPassword
} from '$lib/server/accounts/service';
import type { Role } from '$lib/server/db/foundation-tables';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const mine = await membershipsOf(db(), principal.user.id);
	const adminOf = mine.filter((m) => m.role === 'admin');
	if (!principal.user.isSystemAdmin && !adminOf.length) error(403, { message: 'Bạn không có quyền quản trị' });
	const system = principal.user.isSystemAdmin;
	const [users, orgs, tokens] = await Promise.all([
		system ? listUsers(db()) : Promise.resolve([]),
		system ? listOrganisations(db()) : Promise.resolve([]),
		system ? listApiTokens(db()) : Promise.resolve([])
	]);
	return {
		system,
		roleLabels: ROLE_LABELS,
		roles: ROLES,
		kindLabels: ORG_KIND_LABELS,
		adminOf: adminOf.map((o) => ({ id: o.id, name: o.name })),
		users: users.map((u) => ({ ...u, created_at: u.created_at.toISOString(), disabled: !!u.disabled_at })),
		organisations: (system ? orgs : adminOf).map((o) => ({ id: o.id, name: o.name, kind: o.kind })),
		tokens: tokens.map((t) => ({
			id: t.id,
			name: t.name,
			prefix: t.token_prefix,
			user: t.full_name,
			createdAt: t.created_at.toISOString(),
			lastUsedAt: t.last_used_at?.toISOString() ?? null,
			revoked: !!t.revoked_at
		}))
	};
};

export const actions: Actions = {
	createUser: async (event) => {
		const principal = requirePrincipal(event);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			requireSystemAdmin(principal);
			await createUser(db(), actorOf(principal), {
				email: v.email,
				fullName: v.fullName,
				password: v.password,
				isSystemAdmin: v.isSystemAdmin === 'on',
				organisationId: v.organisationId ? Number(v.organisationId) : null,
				role: (v.role || null) as Role | null
			});
			return { ok: true, action: 'createUser', message: `Đã tạo tài khoản ${v.email}` };
		}, { ...v, action: 'createUser' });
	},
	createOrganisation: async (event) => {
		const principal = requirePrincipal(event);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			requireSystemAdmin(principal);
			await createOrganisation(db(), actorOf(principal), { name: v.name, shortName: v.shortName, kind: v.kind, address: v.address });
			return { ok: true, action: 'createOrganisation', message: `Đã tạo đơn vị ${v.name}` };
		}, { ...v, action: 'createOrganisation' });
	},
	toggleUser: async (event) => {
		const principal = requirePrincipal(event);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			requireSystemAdmin(principal);
			await setUserDisabled(db(), actorOf(principal), Number(v.userId), v.disable === '1');
			return { ok: true, action: 'toggleUser', message: v.disable === '1' ? 'Đã khóa tài khoản' : 'Đã mở khóa tài khoản' };
		});
	},
	resetPassword: async (event) => {
		const principal = requirePrincipal(event);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			requireSystemAdmin(principal);
			await resetPassword(db(), actorOf(principal), Number(v.userId), v.password);
			return { ok: true, action: 'resetPassword', message: 'Đã đặt lại mật khẩu và đăng xuất tài khoản đó khỏi mọi thiết bị' };
		});
	},
	issueToken: async (event) => {
		const principal = requirePrincipal(event);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			requireSystemAdmin(principal);
			const days = Number(v.days || 0);
			const res = await createApiToken(db(), actorOf(principal), {
				userId: Number(v.userId),
				name: v.name,
				expiresAt: days > 0 ? new Date(Date.now() + days * 86400_000) : null
			});
			return { ok: true, action: 'issueToken', token: res.token, message: 'Đã cấp khóa API. Hãy sao chép ngay: khóa chỉ hiện một lần.' };
		}, { ...v, action: 'issueToken' });
	},
	revokeToken: async (event) => {
		const principal = requirePrincipal(event);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			requireSystemAdmin(principal);
			await revokeApiToken(db(), actorOf(principal), Number(v.tokenId));
			return { ok: true, action: 'revokeToken', message: 'Đã thu hồi khóa API' };
		});
	}
};
