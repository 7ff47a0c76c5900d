-- Centres registered before the certificate's language pair existed: a Belgian centre's
-- certificate is printed in Dutch and French, a Dutch centre's keeps Dutch and English (the
-- column's default).
UPDATE `centres` SET `certificate_languages` = '["nl","fr"]' WHERE `country` = 'BE';
