import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { actorOf, requireOrgPermission } from '$lib/server/auth/access';
import { ROLE_LABELS, ROLES, isRole } from '$lib/server/auth/permissions';
import { listMembers, setMembership } from '$lib/server/accounts/service';
import { invalid } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const orgId = idParam(event.params.orgId);
	await guardLoad(() => requireOrgPermission(db(), principal, orgId, 'org.manage'));
	const org = await db().selectFrom('organisation').select(['id', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
	const members = await listMembers(db(), orgId);
	return {
		org,
		roles: ROLES,
		roleLabels: ROLE_LABELS,
		members: members.map((m) => ({ id: m.id, email: m.email, fullName: m.full_name, role: m.role, disabled: !!m.disabled_at }))
	};
};

export const actions: Actions = {
	set: async (event) => {
		const principal = requirePrincipal(event);
		const orgId = idParam(event.params.orgId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await requireOrgPermission(db(), principal, orgId, 'org.manage');
			const role = v.role === 'remove' ? null : v.role;
			if (role !== null && !isRole(role)) throw invalid({ role: 'Vai trò không hợp lệ' });
			await setMembership(db(), actorOf(principal), { organisationId: orgId, email: v.email, role });
			return { ok: true, message: role ? 'Đã cập nhật vai trò' : 'Đã xóa khỏi đơn vị' };
		}, v);
	}
};
