import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import {
	SECURITY_LABELS,
	parseSmtpForm,
	recentTestMails,
	removeOrganisationSmtp,
	saveOrganisationSmtp,
	sendTestMail,
	smtpPage,
	testOrganisationSmtp
} from '$lib/server/invitations/smtp';
import type { Actions, PageServerLoad } from './$types';
import { requireOrgPermission } from '$lib/server/auth/access';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const orgId = idParam(event.params.orgId);
	const page = await guardLoad(() => smtpPage(db(), principal, orgId));
	const tests = await recentTestMails(db(), orgId);
	return {
		...page,
		updatedAt: page.updatedAt?.toISOString() ?? null,
		securityLabels: SECURITY_LABELS,
		tests: tests.map((t) => ({ ...t, sent_at: t.sent_at?.toISOString() ?? null, created_at: t.created_at.toISOString() }))
	};
};

export const actions: Actions = {
	save: async (event) => {
		const principal = requirePrincipal(event);
		const orgId = idParam(event.params.orgId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await requireOrgPermission(db(), principal, orgId, 'org.manage');
			await saveOrganisationSmtp(db(), principal, orgId, parseSmtpForm(v));
			return { ok: true, action: 'save', message: 'Đã lưu cấu hình máy chủ thư.' };
		}, v);
	},
	verify: async (event) => {
		const principal = requirePrincipal(event);
		const orgId = idParam(event.params.orgId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			const r = await testOrganisationSmtp(db(), principal, orgId, v.host ? parseSmtpForm(v) : null);
			return { ok: r.ok, action: 'verify', message: r.message, values: { ...v, password: undefined } };
		}, v);
	},
	remove: async (event) => {
		const principal = requirePrincipal(event);
		const orgId = idParam(event.params.orgId);
		return runAction(async () => {
			await removeOrganisationSmtp(db(), principal, orgId);
			return { ok: true, action: 'remove', message: 'Đã xóa cấu hình: thư sẽ gửi qua máy chủ mặc định hoặc được giữ trong hộp thư đi.' };
		});
	},
	test: async (event) => {
		const principal = requirePrincipal(event);
		const orgId = idParam(event.params.orgId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await sendTestMail(db(), principal, orgId, v.to ?? '');
			return { ok: true, action: 'test', message: `Đã đưa thư thử tới ${v.to} vào hàng đợi gửi. Kết quả hiện ở bảng bên dưới sau vài giây.` };
		}, v);
	}
};
