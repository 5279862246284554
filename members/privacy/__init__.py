"""Personal data under Law 91/2025/QH15 and Decree 356/2025/NĐ-CP: consent, the access log,
the data subject's requests, "see my data", anonymisation and retention."""
