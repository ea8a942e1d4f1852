-- AlterTable
ALTER TABLE "Counterparty" ADD COLUMN     "provider" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reserve" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "CheckoutSession" ADD COLUMN     "failureReason" TEXT;

-- CreateTable
CREATE TABLE "Settlement" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "gatewayOcid" INTEGER NOT NULL,
    "providerOcid" INTEGER,
    "userId" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'started',
    "failureReason" TEXT,
    "reconcile" TEXT,
    "debitTxId" TEXT NOT NULL,
    "reversalTxId" TEXT,
    "gatewayPaymentTxid" TEXT,
    "providerProofJson" TEXT,
    "providerSignature" TEXT,
    "proofTxid" TEXT,
    "proofJson" TEXT,
    "proofSignature" TEXT,
    "hopLog" TEXT NOT NULL DEFAULT '[]',
    "deadlineAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Settlement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_orderId_key" ON "Settlement"("orderId");

-- CreateIndex
CREATE INDEX "Settlement_status_deadlineAt_idx" ON "Settlement"("status", "deadlineAt");

-- CreateIndex
CREATE INDEX "Settlement_userId_createdAt_idx" ON "Settlement"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_gatewayOcid_proofTxid_key" ON "Settlement"("gatewayOcid", "proofTxid");

-- AddForeignKey
ALTER TABLE "Settlement" ADD CONSTRAINT "Settlement_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "PaymentOrder"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

