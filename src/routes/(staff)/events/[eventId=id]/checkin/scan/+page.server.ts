import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { scannerContext } from '$lib/server/checkin/views';
import type { PageServerLoad } from './$types';

// The scanner resets to the root layout (+page@.svelte): a full-screen tool for the door, with its own bar.
export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const ctx = await guardLoad(() => scannerContext(db(), principal, idParam(event.params.eventId)));
	return { ...ctx, user: { fullName: principal.user.fullName } };
};
