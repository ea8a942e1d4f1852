-- CreateTable
CREATE TABLE "IssuedTransfer" (
    "txid" TEXT NOT NULL,
    "partnerOcid" INTEGER NOT NULL,
    "fromReference" TEXT,
    "toOcid" INTEGER NOT NULL,
    "toReference" TEXT,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "creditedTo" TEXT NOT NULL,
    "userId" TEXT,
    "paymentRequestId" TEXT,
    "merchantId" TEXT,
    "proofJson" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IssuedTransfer_pkey" PRIMARY KEY ("txid")
);

-- CreateIndex
CREATE INDEX "IssuedTransfer_partnerOcid_createdAt_idx" ON "IssuedTransfer"("partnerOcid", "createdAt");

