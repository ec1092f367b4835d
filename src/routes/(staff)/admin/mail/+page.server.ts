import { db } from '$lib/server/db';
import { requirePrincipal } from '$lib/server/http';
import { error, redirect } from '@sveltejs/kit';
import { manageableOrganisations } from '$lib/server/invitations/smtp';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const orgs = await manageableOrganisations(db(), principal);
	if (!orgs.length) error(403, { message: 'Chỉ quản trị viên của đơn vị được cấu hình máy chủ thư' });
	if (orgs.length === 1 && !event.url.searchParams.has('all')) redirect(303, `/admin/mail/${orgs[0].id}`);
	return { orgs };
};
