import { AppError } from "@/lib/errors";
import { openchargeRoute } from "@/lib/opencharge/route";

// Unknown protocol paths answer in the error envelope (signed), not with the HTML 404 page.
const notFound = openchargeRoute({ isPublic: true }, async () => {
  throw new AppError("NOT_FOUND", "No such Opencharge endpoint.");
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
