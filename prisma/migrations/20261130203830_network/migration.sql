-- AlterTable
ALTER TABLE "LedgerAccount" ADD COLUMN "creditLimit" BIGINT;

-- AlterTable
ALTER TABLE "PaymentRequestMovement" ADD COLUMN "payerOcid" INTEGER;

-- CreateTable
CREATE TABLE "ReceivedProof" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "issuer" INTEGER NOT NULL,
    "txid" TEXT NOT NULL,
    "senderOcid" INTEGER NOT NULL,
    "proofJson" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "creditedTo" TEXT NOT NULL,
    "userId" TEXT,
    "paymentRequestId" TEXT,
    "requestStatus" TEXT,
    "ledgerTxId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "NetworkPayment" (
    "txid" TEXT NOT NULL PRIMARY KEY,
    "paymentRequestId" TEXT NOT NULL,
    "payerOcid" INTEGER NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "settledIssuer" INTEGER,
    "settledTxid" TEXT,
    "proofJson" TEXT,
    "signature" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ReceivedProof_paymentRequestId_idx" ON "ReceivedProof"("paymentRequestId");

-- CreateIndex
CREATE UNIQUE INDEX "ReceivedProof_issuer_txid_key" ON "ReceivedProof"("issuer", "txid");

-- CreateIndex
CREATE INDEX "NetworkPayment_paymentRequestId_idx" ON "NetworkPayment"("paymentRequestId");

-- CreateIndex
CREATE UNIQUE INDEX "NetworkPayment_settledIssuer_settledTxid_key" ON "NetworkPayment"("settledIssuer", "settledTxid");

