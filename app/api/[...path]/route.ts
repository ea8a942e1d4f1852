import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

// Unknown API paths answer in the error envelope, not with the HTML 404 page.
const notFound = route({}, async () => {
  throw new AppError("NOT_FOUND", "No such API endpoint.");
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
