-- CreateTable
CREATE TABLE "SignInThrottle" (
    "email" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "windowStartAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SignInThrottle_windowStartAt_idx" ON "SignInThrottle"("windowStartAt");

