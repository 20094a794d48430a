-- 066: the appointments still « à venir », by their start. The list
-- « À renseigner » (agenda_to_fill: past appointments nobody marked
-- honoured, absent or excused) walked every past appointment through
-- appointment_start and read each one's status: on the bench's base of ten
-- years (198,000 past appointments, 280 to fill in) opening the list took
-- 85 to 140 ms, and each h or n on it, which reloads it, 143 to 250 ms.
-- This index holds only the appointments to come or not yet marked: the
-- list reads those, however long the site's past.
CREATE INDEX appointment_to_fill ON appointment (start_at) WHERE status = 'a-venir';
