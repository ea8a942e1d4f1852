import { NextResponse } from "next/server";

// Unknown API paths answer in the error envelope, not with the HTML 404 page.
function notFound() {
  return NextResponse.json({ error: { code: "NOT_FOUND", message: "No such API endpoint." } }, { status: 404 });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
