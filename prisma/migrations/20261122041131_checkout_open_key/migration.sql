-- AlterTable
ALTER TABLE "CheckoutSession" ADD COLUMN "openKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutSession_openKey_key" ON "CheckoutSession"("openKey");

