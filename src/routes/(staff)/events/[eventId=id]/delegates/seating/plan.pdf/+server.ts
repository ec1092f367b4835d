import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { idParam, requirePrincipal } from '$lib/server/http';
import { isDomainError } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { renderSeatingPdf, seatingPlanOf } from '$lib/server/delegates/seating';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	try {
		const { event: e } = await requireEventAccess(db(), principal, eventId, 'delegate.view');
		const pdf = await renderSeatingPdf(await seatingPlanOf(db(), eventId), { title: e.title, venue: e.venue, startsAt: e.starts_at });
		return new Response(pdf as BodyInit, {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `inline; filename="so-do-cho-ngoi-${eventId}.pdf"`,
				'x-content-type-options': 'nosniff',
				'cache-control': 'private, no-store'
			}
		});
	} catch (e) {
		if (isDomainError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
