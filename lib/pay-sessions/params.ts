import { z } from "zod";

export const sessionParams = z.object({ sessionId: z.string().min(1).max(200) });
