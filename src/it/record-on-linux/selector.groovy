// This case is about the record goal on Linux; on a Mac the goal would really record.
return System.getProperty('os.name').toLowerCase(Locale.ROOT).contains('linux')
