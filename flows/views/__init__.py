"""The flows views, one module per page family: the register, synergies, pooling, pictures,
spreadsheets, the workshop sheet, the JSON API and the Wagtail admin viewsets."""
