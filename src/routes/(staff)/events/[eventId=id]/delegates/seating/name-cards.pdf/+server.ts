import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { idParam, requirePrincipal } from '$lib/server/http';
import { isDomainError } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { renderSeatNameCards, seatingPlanOf } from '$lib/server/delegates/seating';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	try {
		await requireEventAccess(db(), principal, eventId, 'delegate.view');
		const pdf = await renderSeatNameCards(await seatingPlanOf(db(), eventId));
		return new Response(pdf as BodyInit, {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `inline; filename="bang-ten-${eventId}.pdf"`,
				'x-content-type-options': 'nosniff',
				'cache-control': 'private, no-store'
			}
		});
	} catch (e) {
		if (isDomainError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
