"""The enterprise's side (its contacts follow and act on their cases) and the public
status lookup. One package per topic: ``access`` (invitations, who has access),
``threads`` (a case's messages both ways), ``submissions`` (uploads against named
materials and their review), ``status`` (the anonymous lookup by project code and
verification code); the enterprise's own pages (home, progress, deliveries) sit here."""
