import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { login, setupFirstAdmin, userCount } from '$lib/server/accounts/service';
import { setSessionCookie } from '$lib/server/auth/session';
import { formValues, runAction } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	if ((await userCount(db())) > 0) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = formValues(form);
		const ip = event.getClientAddress();
		const result = await runAction(async () => {
			await setupFirstAdmin(
				db(),
				{
					email: values.email,
					fullName: values.fullName,
					password: values.password,
					organisationName: values.organisationName
				},
				ip
			);
			const res = await login(db(), { email: values.email, password: values.password, ip, userAgent: event.request.headers.get('user-agent') });
			if (res.ok) setSessionCookie(event.cookies, res.token, res.session.expiresAt, config().production && event.url.protocol === 'https:');
			return null;
		}, values);
		if (result) return result;
		redirect(303, '/events');
	}
};
