import { z } from 'zod';

/** Every string that crosses the boundary has a ceiling, so a huge payload is refused early. */
export const MAX_TEXT = 1024;
export const MAX_PATH = 4096;

export const NoInput = z.strictObject({});
