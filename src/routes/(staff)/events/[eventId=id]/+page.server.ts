import type { PageServerLoad } from './$types';

// The overview shows the event's facts from the layout; each capability adds its summary card here.
export const load: PageServerLoad = async () => ({});
